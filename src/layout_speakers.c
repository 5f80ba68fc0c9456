/* Speakers the layout of the text names, before any pattern rule: a
 * transcript line's label ("PENCE: ..."), a signature line inside or under
 * a quote ("-President Obama, tweeting ..."), and the named subject of the
 * narration just before a quote-only paragraph. */
#include "attribution.h"

/* The confidences below, like the rules', are how often these records were
 * right on PolNeAR dev (bench/calibrate.py), shrunk toward a prior where
 * there were few. */

#include <string.h>

/* Longest speaker label of a transcript line. */
#define LABEL_MAX 40

/* A transcript line quoted whole names its speaker in capitals before a
 * colon: ""PENCE: Well, look, ..."", ""MR. O'NEILL: By the way ..."".
 * The label is the mention; the speaker is the full name it stands for,
 * when the document gives one. */
bool ws_transcript_label(const context *cx, const ws_found_quote *q, ws_attribution *a)
{
    const ws_document *doc = cx->doc;
    const char *t = doc->text;
    size_t p = q->start, letters = 0;
    while (p < q->end && p - q->start <= LABEL_MAX) {
        size_t next = p;
        uint32_t c = ws_utf8_next(t, q->end, &next);
        if (c == ':')
            break;
        if (ws_is_letter(c) && !ws_is_upper(c))
            return false;
        if (!ws_is_letter(c) && c != ' ' && c != '.' && c != '\'' && c != 0x2019 && c != '-')
            return false;
        letters += ws_is_letter(c);
        p = next;
    }
    if (letters < 2 || p + 1 >= q->end || t[p] != ':' || t[p + 1] != ' ')
        return false;
    size_t e = p;
    while (e > q->start && t[e - 1] == ' ')
        e--;
    a->mention_start = q->start;
    a->mention_end = e;
    ws_span name = {q->start, e};
    bool widened = ws_names_for_label(doc, &cx->ex->names, q->start, e, &name);
    a->speaker_start = name.start;
    a->speaker_end = name.end;
    a->rule = "transcript-label";
    a->resolution = widened ? "speaker label of a transcript line, widened to the full name"
                            : "speaker label of a transcript line";
    a->confidence = 0.55; /* as often right on PolNeAR dev (bench/calibrate.py) */
    return true;
}

/* Is the paragraph nothing but this quote (and punctuation)? */
bool ws_quote_only(const ws_document *doc, const ws_found_quote *q)
{
    ws_span p = doc->paragraphs.items[q->paragraph];
    if (q->open - p.start > 4)
        return false;
    for (size_t i = q->close_end; i < p.end; i++) {
        unsigned char c = (unsigned char)doc->text[i];
        if (c != ' ' && c != '.' && c != ',' && c != '\t' && c != '\r')
            return false;
    }
    return true;
}

/* Longest signature line under or inside a quote. */
#define SIGNATURE_MAX 160

/* A signature: a name (titles included) that opens t[from,to) and ends it
 * or is followed by a comma or full stop ("Donald Trump.", "Dean Baker,
 * Center for Economic and Policy Research.", "President Obama, tweeting
 * after ..."), never a sentence about the person ("Trump is ..."). */
static bool signature(context *cx, size_t from, size_t to, ws_attribution *a)
{
    const ws_name_list *names = &cx->ex->names;
    const char *t = cx->doc->text;
    const ws_name_run *r = NULL;
    for (size_t i = ws_runs_from(names, from); i < names->count && names->items[i].start < to; i++)
        if (names->items[i].title_start == from) {
            r = &names->items[i];
            break;
        }
    if (!r || r->end > to || (r->end < to && t[r->end] != ',' && t[r->end] != '.'))
        return false;
    a->mention_start = r->start;
    a->mention_end = r->end;
    ws_canonical_name(cx, a, r->start, r->end);
    return true;
}

/* Is t[p] a dash that opens a sign-off line ("-", en, em dash, bar)? */
static size_t after_dash(const char *t, size_t p, size_t end)
{
    if (p < end && t[p] == '-')
        return p + 1;
    if (p + 3 <= end && !memcmp(t + p, "\xE2\x80", 2) &&
        ((unsigned char)t[p + 2] >= 0x93 && (unsigned char)t[p + 2] <= 0x95))
        return p + 3;
    return WS_NONE;
}

/* Where a closing quote mark that ends t[start,end) begins (spaces and a
 * full stop may follow it), or WS_NONE. */
static size_t closing_mark_before(const char *t, size_t start, size_t end)
{
    while (end > start && (t[end - 1] == ' ' || t[end - 1] == '.'))
        end--;
    if (end > start && t[end - 1] == '"')
        return end - 1;
    if (end >= start + 3 && !memcmp(t + end - 3, "\xE2\x80\x9D", 3))
        return end - 3;
    if (end >= start + 2 && !memcmp(t + end - 2, "''", 2))
        return end - 2;
    return WS_NONE;
}

/* A quote signed by the line that ends it inside the marks (""...take
 * out the bomb.\nDonald Trump."") or, alone in its paragraph, by a dash
 * line as the next paragraph (""Great speech. ..."\n\n-President Obama,
 * tweeting after ..."): the layout of pull quotes and reader quotes. */
bool ws_signed_quote(context *cx, const ws_found_quote *q, ws_attribution *a)
{
    const ws_document *doc = cx->doc;
    const char *t = doc->text;
    size_t nl = q->end;
    while (nl > q->start && t[nl - 1] != '\n' && q->end - nl < SIGNATURE_MAX)
        nl--;
    if (nl > q->start && t[nl - 1] == '\n') {
        size_t end = q->end;
        while (end > nl && (t[end - 1] == '.' || t[end - 1] == ' '))
            end--;
        while (nl < end && (t[nl] == ' ' || t[nl] == '\t'))
            nl++;
        if (signature(cx, nl, end, a)) {
            a->rule = "signature-inside";
            a->confidence = 0.65;
            return true;
        }
        return false;
    }
    if (!ws_quote_only(doc, q) || q->paragraph + 1 >= doc->paragraphs.count)
        return false;
    ws_span next = doc->paragraphs.items[q->paragraph + 1];
    if (next.end - next.start > SIGNATURE_MAX)
        return false;
    /* The line is a sign-off when a dash opens it or, the quote being left
     * open at its paragraph's end, a closing mark ends it. */
    size_t p = after_dash(t, next.start, next.end), end = next.end;
    size_t closed = closing_mark_before(t, next.start, end);
    if (p == WS_NONE && (q->closed || closed == WS_NONE))
        return false;
    if (p == WS_NONE)
        p = next.start;
    if (closed != WS_NONE && !q->closed)
        end = closed;
    while (end > p && (t[end - 1] == '.' || t[end - 1] == ' '))
        end--;
    while (p < end && t[p] == ' ')
        p++;
    if (!signature(cx, p, end, a))
        return false;
    a->rule = "signature-below";
    a->confidence = 0.55; /* calibrated, as above */
    return true;
}

/* Is the word at t[p] a verb form a subject is followed by ("praised",
 * "says")?  The pack's subject-verb pattern says; it keeps out nouns a
 * name modifies ("Clinton campaign"). */
static bool verb_like(context *cx, size_t p, size_t end)
{
    ws_extractor *ex = cx->ex;
    const pcre2_code *re = ex->rules->subject_verb;
    return re && pcre2_match(re, (PCRE2_SPTR)(cx->doc->text + p), end - p, 0,
                             ex->match_options, ex->match, ex->match_context) >= 0;
}

/* Does a fronted phrase, ended by a comma, end at `at` ("At Brazile's
 * direction, the DNC")? */
static bool fronted(const char *t, size_t start, size_t at)
{
    if (at >= start + 4 && !memcmp(t + at - 4, "the ", 4))
        at -= 4;
    return at >= start + 4 && t[at - 1] == ' ' && t[at - 2] == ',' &&
           !memchr(t + start, ',', at - 2 - start);
}

/* A quote opening its paragraph after a paragraph of narration that opens
 * with a named subject ("Valastro praised Christie's leadership ...\n\n
 * "We need someone who ...""): the person the narration is about speaks. */
bool ws_previous_subject(context *cx, const ws_found_quote *q, ws_attribution *a)
{
    const ws_document *doc = cx->doc;
    const char *t = doc->text;
    size_t pi = q->paragraph - 1;
    if (ws_document_is_headline(doc, pi))
        return false;
    ws_span prev = doc->paragraphs.items[pi];
    const ws_name_list *names = &cx->ex->names;
    size_t k = ws_runs_from(names, prev.start);
    /* After a short fronted phrase: "At Brazile's direction, the DNC
     * issued a statement ..." (its article then makes no object of it). */
    while (k < names->count && names->items[k].title_start != prev.start &&
           names->items[k].title_start < prev.start + FRONTED_PHRASE &&
           !fronted(t, prev.start, names->items[k].title_start))
        k++;
    if (k >= names->count || names->items[k].title_start >= prev.start + FRONTED_PHRASE)
        return false;
    const ws_name_run *r = &names->items[k];
    size_t floor = r->title_start == prev.start ? prev.start : r->title_start;
    if (r->end + 2 > prev.end || ws_not_a_subject(doc, cx->ex->rules, floor, r) ||
        (t[r->end] != ',' && (t[r->end] != ' ' || !verb_like(cx, r->end + 1, prev.end))))
        return false;
    /* A lone capitalised word opening a paragraph ("Often, ...", "Wait,")
     * is a name only if the document names its bearer in full, or an
     * acronym ("the DNC"). */
    ws_span full;
    ws_gender gender;
    bool acronym = r->end - r->start >= 2 && t[r->end] == ' '; /* no dateline ("MANCHESTER, N.H.") */
    for (size_t i = r->start; i < r->end && acronym; i++)
        acronym = t[i] >= 'A' && t[i] <= 'Z';
    if (r->tokens < 2 && r->title_start == r->start && !acronym &&
        !ws_names_canonical(doc, cx->ex->rules, names, &cx->ex->name_memo, r->start, r->end,
                            &full, &gender))
        return false;
    a->mention_start = r->start;
    a->mention_end = r->end;
    ws_canonical_name(cx, a, r->start, r->end);
    a->rule = "previous-paragraph-subject";
    a->resolution = "the named subject of the narration just before the quote";
    a->confidence = 0.7; /* calibrated, as above */
    return true;
}

static bool ascii_letter(char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Does t[from,to) hold the name t[s,e) as whole words, not followed by
 * another capitalised word or a quote (as "Clinton Joked" is in another
 * subhead, "Hillary Clinton Joked "You Are ...")? */
static bool named_between(const char *t, size_t from, size_t to, size_t s, size_t e)
{
    size_t n = e - s;
    for (size_t k = from; k + n <= to;) {
        const char *hit = memmem(t + k, to - k, t + s, n);
        if (!hit)
            return false;
        size_t h = (size_t)(hit - t);
        bool left = h == 0 || !ascii_letter(t[h - 1]);
        size_t w = h + n + 1; /* the next word */
        bool right = h + n >= to ||
                     (!ascii_letter(t[h + n]) &&
                      !(t[h + n] == ' ' && w < to &&
                        ((t[w] >= 'A' && t[w] <= 'Z') || t[w] == '"' || t[w] == '\'' ||
                         (w + 3 <= to && !memcmp(t + w, "\xE2\x80", 2) &&
                          (t[w + 2] == '\x9C' || t[w + 2] == '\x98')))));
        if (left && right)
            return true;
        k = h + 1;
    }
    return false;
}

/* The subject of a title line, or of a subhead in title case further down
 * ("Gina Rodriguez Questioned What It Means To Be "Latino Enough.""),
 * when the text around names it: a headline leads with the person whose
 * words it quotes ("Gingrich Takes Talk Of Being Trump's Running Mate
 * 'Very Seriously.'", "Cruz 'glad to finish' fight with Trump"), from the
 * start of its line (a numbered item: "13\nZoe Saldana Asked ...").  In
 * title case the verb joins the name run, so the longest of its leading words
 * named elsewhere is the subject; a word named nowhere else ("Hacked
 * 80-page roundup ...") is no one.  Looked for near the line only, so a
 * long document stays linear. */
bool ws_headline_subject(context *cx, size_t para, size_t line, ws_span *subject)
{
    const ws_document *doc = cx->doc;
    const char *t = doc->text;
    if (doc->paragraphs.count < 3)
        return false;
    ws_span p = doc->paragraphs.items[para];
    if (para == 0 && (p.end - p.start > 300 || memchr(t + p.start, '\n', p.end - p.start)))
        return false;
    const ws_name_list *names = &cx->ex->names;
    size_t k = ws_runs_from(names, line);
    if (k >= names->count || names->items[k].title_start != line)
        return false;
    const ws_name_run *r = &names->items[k];
    size_t before = p.start > HEADLINE_REACH ? p.start - HEADLINE_REACH : 0;
    size_t after = doc->length - p.end > HEADLINE_REACH ? p.end + HEADLINE_REACH : doc->length;
    /* A line in capitals ("HOW CHINA'S DECLINE AFFECTS ...") is a title. */
    bool lower = false;
    for (size_t i = r->start; i < r->end && !lower; i++)
        lower = t[i] >= 'a' && t[i] <= 'z';
    if (!lower)
        return false;
    for (size_t e = r->end; e > r->start;) {
        if (named_between(t, p.end, after, r->start, e) ||
            named_between(t, before, p.start, r->start, e)) {
            /* A possessor is no subject ("Sanders' 'endorsement' for some"). */
            if (t[e] == '\'' || (e + 3 <= doc->length && !memcmp(t + e, "\xE2\x80\x99", 3)))
                return false;
            *subject = (ws_span){r->start, e};
            return true;
        }
        while (e > r->start && t[e - 1] != ' ')
            e--;
        while (e > r->start && t[e - 1] == ' ')
            e--;
    }
    return false;
}

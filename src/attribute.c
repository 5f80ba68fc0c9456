/* Attribution: gives each quote a speaker.
 *
 * 1. The pattern rules of rules/<lang>/patterns.rules, in file order, on
 *    the text after the closing mark ("after", anchored), the sentence up
 *    to the opening mark ("before"), or the rest of the sentence
 *    ("sentence-after").  The first rule that matches wins.
 * 2. A matched mention is a pronoun (resolved to a recent person), a role
 *    or group ("the ministry", "White House officials", kept as written),
 *    or a name (widened to its fullest form in the document).
 * 3. Quotes signed with a name line (a pull quote's last line, a "-Name"
 *    paragraph under a reader quote) take that name before any rule.
 * 4. Quotes no rule attributes take the speaker of a quote in the same
 *    paragraph, or continue the previous paragraph's speaker when they
 *    open their paragraph, or after a paragraph of narration with no quote
 *    take its named subject; headline quotes take the speaker of the body
 *    quote they repeat. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define AFTER_WINDOW 300
#define BEFORE_WINDOW 600
#define PRONOUN_PARAGRAPHS 3
/* A record with no speaker is seldom what an annotator wants. */
#define NO_SPEAKER_CONFIDENCE 0.1

typedef struct context {
    ws_extractor *ex;
    const ws_document *doc;
    const ws_quote_list *quotes;
    ws_attribution *out;
    /* Gender learnt for canonical speakers, by speaker_start: an
     * open-addressing table, so a document of many speakers stays linear. */
    struct learnt { size_t start; ws_gender gender; } *genders;
    size_t gender_count, gender_capacity;
    /* Quotes the first pass attributed, in reading order. */
    WS_VEC(size_t) attributed;
    size_t counted_paragraph, counted_quotes; /* paragraph_quotes() cache */
} context;

/* More quotes than this in one paragraph make it a flood (see try_rules). */
#define FLOOD_QUOTES 100

/* How far back a pronoun looks, in attributed quotes and in name runs:
 * bounds that keep a document of 10^5 quotes linear. */
#define PRONOUN_QUOTES 64
#define PRONOUN_RUNS 256

static size_t char_floor(const char *t, size_t pos)
{
    while (pos > 0 && ((unsigned char)t[pos] & 0xC0) == 0x80)
        pos--;
    return pos;
}

static struct learnt *gender_slot(struct learnt *table, size_t capacity, size_t start)
{
    size_t i = (start * 0x9E3779B97F4A7C15ULL) & (capacity - 1);
    while (table[i].start != WS_NONE && table[i].start != start)
        i = (i + 1) & (capacity - 1);
    return &table[i];
}

static ws_gender learnt_gender(context *cx, size_t speaker_start)
{
    if (!cx->gender_capacity)
        return WS_GENDER_UNKNOWN;
    struct learnt *l = gender_slot(cx->genders, cx->gender_capacity, speaker_start);
    return l->start == speaker_start ? l->gender : WS_GENDER_UNKNOWN;
}

static void learn_gender(context *cx, size_t speaker_start, ws_gender g)
{
    if (g == WS_GENDER_UNKNOWN || learnt_gender(cx, speaker_start) != WS_GENDER_UNKNOWN)
        return;
    if ((cx->gender_count + 1) * 2 > cx->gender_capacity) {
        size_t cap = cx->gender_capacity ? cx->gender_capacity * 2 : 64;
        struct learnt *table = malloc(cap * sizeof(*table));
        if (!table)
            return; /* a lost hint is not an error */
        for (size_t i = 0; i < cap; i++)
            table[i].start = WS_NONE;
        for (size_t i = 0; i < cx->gender_capacity; i++)
            if (cx->genders[i].start != WS_NONE)
                *gender_slot(table, cap, cx->genders[i].start) = cx->genders[i];
        free(cx->genders);
        cx->genders = table;
        cx->gender_capacity = cap;
    }
    *gender_slot(cx->genders, cx->gender_capacity, speaker_start) = (struct learnt){speaker_start, g};
    cx->gender_count++;
}

/* Index of the first name run that starts at or after `pos`. */
static size_t runs_from(const ws_name_list *names, size_t pos)
{
    size_t lo = 0, hi = names->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (names->items[mid].start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool compatible(ws_gender a, ws_gender b)
{
    return a == WS_GENDER_UNKNOWN || b == WS_GENDER_UNKNOWN || a == b;
}

/* Sets the canonical speaker of a name mention. */
static void canonical_name(context *cx, ws_attribution *a, size_t name_start,
                           size_t name_end)
{
    ws_span full;
    ws_gender gender;
    if (ws_names_canonical(cx->doc, cx->ex->rules, &cx->ex->names, name_start,
                           name_end, &full, &gender)) {
        a->speaker_start = full.start;
        a->speaker_end = full.end;
        bool same = full.end - full.start == name_end - name_start &&
                    !memcmp(cx->doc->text + full.start, cx->doc->text + name_start,
                            full.end - full.start);
        a->resolution = same ? "name as written"
                             : "name widened to its fullest form in the document";
        learn_gender(cx, full.start, gender);
    } else {
        a->speaker_start = name_start;
        a->speaker_end = name_end;
        a->resolution = "name as written";
    }
}

/* Is name run r a possessive or the object of a preposition ("Machado's
 * courage", "went after Trump")?  Such a name is seldom what a subject
 * pronoun later in its sentence points back to. */
static bool not_a_subject(const ws_document *doc, size_t floor, const ws_name_run *r)
{
    static const char *const preps[] = {"of", "about", "on", "with", "to", "for", "after",
                                        "against", "at", "from", "by", "in", "over"};
    const char *t = doc->text;
    size_t left = doc->length - r->end;
    if ((left >= 2 && !memcmp(t + r->end, "'s", 2)) ||
        (left >= 4 && !memcmp(t + r->end, "\xE2\x80\x99s", 4)))
        return true;
    size_t e = r->title_start;
    if (e <= floor || t[e - 1] != ' ')
        return false;
    size_t w = --e;
    while (w > floor && (t[w - 1] | 0x20) >= 'a' && (t[w - 1] | 0x20) <= 'z')
        w--;
    for (size_t i = 0; i < sizeof(preps) / sizeof(*preps); i++)
        if (strlen(preps[i]) == e - w && !memcmp(t + w, preps[i], e - w))
            return true;
    return false;
}

/* he/she/they/it: the last speaker of the same or the previous paragraph
 * if compatible, else the nearest titled or full name before the quote in
 * the paragraph, else an earlier speaker a few paragraphs back. */
/* "Ms MacRury has no plans to move. "Q," she insists": a person named in
 * the quote's paragraph with a title of the pronoun's gender, after the
 * last speaker's quote, is a nearer antecedent than that speaker. */
static bool titled_in_paragraph(context *cx, size_t qi, ws_gender g,
                                const ws_attribution *last, ws_attribution *a)
{
    if (g != WS_GENDER_MALE && g != WS_GENDER_FEMALE)
        return false;
    const ws_found_quote *q = &cx->quotes->items[qi];
    size_t floor = cx->doc->paragraphs.items[q->paragraph].start;
    if (last && cx->quotes->items[last - cx->out].close_end > floor)
        floor = cx->quotes->items[last - cx->out].close_end;
    const ws_name_list *names = &cx->ex->names;
    size_t top = runs_from(names, q->open);
    for (size_t i = top; i-- > 0 && top - i <= PRONOUN_RUNS;) {
        const ws_name_run *r = &names->items[i];
        if (r->title_start < floor)
            break;
        /* Of the pronoun's gender by title, or named in full and not
         * known to be of the other. */
        if (r->gender == g || (r->tokens >= 2 && compatible(g, r->gender) &&
                               compatible(g, learnt_gender(cx, r->start)))) {
            canonical_name(cx, a, r->start, r->end);
            a->resolution = "pronoun resolved to the person of its gender named before it";
            return true;
        }
    }
    return false;
}

static bool resolve_pronoun(context *cx, size_t qi, ws_gender g, ws_attribution *a)
{
    const ws_found_quote *q = &cx->quotes->items[qi];
    /* "Lynch said she recalled ...": a name earlier in the same sentence.
     * The first full or titled name, as the subject is the likeliest
     * antecedent ("Stacy Baker of Columbia, South Carolina says she thinks
     * ..."); else the nearest name. */
    if (g != WS_GENDER_NEUTER && g != WS_GENDER_PLURAL) {
        size_t sentence = cx->doc->sentences.items[ws_document_sentence_of(cx->doc, a->mention_start)];
        const ws_name_list *names = &cx->ex->names;
        size_t top = runs_from(names, a->mention_start);
        const ws_name_run *first = NULL, *nearest = NULL;
        for (size_t i = top; i-- > 0 && top - i <= PRONOUN_RUNS;) {
            const ws_name_run *r = &names->items[i];
            if (r->start >= q->open && r->start < q->close_end)
                continue; /* not the quote's own words */
            if (r->title_start < sentence)
                break;
            if (!compatible(g, r->gender) || !compatible(g, learnt_gender(cx, r->start)))
                continue;
            if (not_a_subject(cx->doc, sentence, r))
                continue;
            if (!nearest)
                nearest = r;
            if (r->title_start != r->start || r->tokens >= 2)
                first = r;
        }
        if (!first)
            first = nearest;
        if (first) {
            canonical_name(cx, a, first->start, first->end);
            a->resolution = "pronoun resolved to the name earlier in its sentence";
            return true;
        }
    }
    const ws_attribution *last = NULL;
    for (size_t k = cx->attributed.count; k-- > 0 && cx->attributed.count - k <= PRONOUN_QUOTES;) {
        size_t j = cx->attributed.items[k];
        const ws_attribution *b = &cx->out[j];
        if (cx->quotes->items[j].paragraph + PRONOUN_PARAGRAPHS < q->paragraph)
            break;
        ws_gender bg = learnt_gender(cx, b->speaker_start);
        if (compatible(g, bg) &&
            ((g != WS_GENDER_NEUTER && g != WS_GENDER_PLURAL) ||
             bg == WS_GENDER_UNKNOWN || bg == g)) {
            last = b;
            break;
        }
    }
    if (titled_in_paragraph(cx, qi, g, last, a))
        return true;
    if (last && cx->quotes->items[last - cx->out].paragraph + 1 >= q->paragraph) {
        a->speaker_start = last->speaker_start;
        a->speaker_end = last->speaker_end;
        a->resolution = "pronoun resolved to the last speaker";
        return true;
    }
    if (g == WS_GENDER_MALE || g == WS_GENDER_FEMALE || g == WS_GENDER_UNKNOWN) {
        size_t first_para = q->paragraph > PRONOUN_PARAGRAPHS - 1
                                ? q->paragraph - (PRONOUN_PARAGRAPHS - 1) : 0;
        size_t floor = cx->doc->paragraphs.items[first_para].start;
        const ws_name_list *names = &cx->ex->names;
        size_t top = runs_from(names, q->open);
        for (size_t i = top; i-- > 0 && top - i <= PRONOUN_RUNS;) {
            const ws_name_run *r = &names->items[i];
            if (r->start < floor)
                break;
            bool titled = r->title_start != r->start;
            if ((titled || r->tokens >= 2) && compatible(g, r->gender)) {
                canonical_name(cx, a, r->start, r->end);
                a->resolution = "pronoun resolved to the nearest person named before it";
                learn_gender(cx, a->speaker_start, g);
                return true;
            }
        }
    }
    if (last) {
        a->speaker_start = last->speaker_start;
        a->speaker_end = last->speaker_end;
        a->resolution = "pronoun resolved to an earlier speaker";
        return true;
    }
    return false;
}

/* Classifies and resolves the mention the rule matched. */
static void resolve_mention(context *cx, size_t qi, size_t floor, ws_attribution *a)
{
    const ws_document *doc = cx->doc;
    const ws_rules *rules = cx->ex->rules;
    size_t s = a->mention_start, e = a->mention_end;
    ws_gender title_gender = ws_mention_normalise(doc, rules, &s, &e, floor);
    a->mention_start = s;
    a->mention_end = e;
    const ws_word *pronoun = ws_words_find_nocase(&rules->pronouns, doc->text + s, e - s);
    if (pronoun) {
        if (!resolve_pronoun(cx, qi, pronoun->gender, a)) {
            a->speaker_start = a->speaker_end = WS_NONE;
            a->resolution = "pronoun left unresolved";
        } else {
            learn_gender(cx, a->speaker_start, pronoun->gender);
            a->confidence *= 0.85;
        }
        return;
    }
    size_t p = s;
    uint32_t first = ws_utf8_next(doc->text, e, &p);
    size_t tok = s;
    while (tok < e && doc->text[tok] != ' ')
        tok++;
    bool determiner = ws_words_find(&rules->stopwords, doc->text + s, tok - s) != NULL;
    if (!ws_is_upper(first) || determiner) {
        a->speaker_start = s;
        a->speaker_end = e;
        a->resolution = "role or group, as written";
        return;
    }
    /* Skip the titles to reach the name itself. */
    size_t name = s;
    for (;;) {
        size_t te = name;
        while (te < e && doc->text[te] != ' ' && doc->text[te] != '.')
            te++;
        if (te >= e || !ws_words_find(&rules->titles, doc->text + name, te - name))
            break;
        if (doc->text[te] == '.')
            te++;
        while (te < e && doc->text[te] == ' ')
            te++;
        name = te;
    }
    canonical_name(cx, a, name, e);
    if (title_gender != WS_GENDER_UNKNOWN)
        learn_gender(cx, a->speaker_start, title_gender);
}

/* How many quotes share quote qi's paragraph (counted once per paragraph). */
static size_t paragraph_quotes(context *cx, size_t qi)
{
    const ws_quote_list *quotes = cx->quotes;
    size_t para = quotes->items[qi].paragraph;
    if (cx->counted_paragraph != para) {
        size_t first = qi, last = qi;
        while (first > 0 && quotes->items[first - 1].paragraph == para)
            first--;
        while (last + 1 < quotes->count && quotes->items[last + 1].paragraph == para)
            last++;
        cx->counted_paragraph = para;
        cx->counted_quotes = last - first + 1;
    }
    return cx->counted_quotes;
}

/* Runs the rules of the first pass, or with `fallback` the
 * previous-sentence rules. */
static int try_rules(context *cx, size_t qi, ws_attribution *a, bool fallback)
{
    ws_extractor *ex = cx->ex;
    const ws_document *doc = cx->doc;
    const ws_found_quote *q = &cx->quotes->items[qi];
    const char *t = doc->text;
    ws_span para = doc->paragraphs.items[q->paragraph];

    size_t sentence = ws_document_sentence_of(doc, q->open);
    size_t before_start = doc->sentences.items[sentence];
    if (before_start < para.start)
        before_start = para.start;
    if (q->open - before_start > BEFORE_WINDOW)
        before_start = char_floor(t, q->open - BEFORE_WINDOW);
    size_t after_end = q->close_end + AFTER_WINDOW < para.end
                           ? char_floor(t, q->close_end + AFTER_WINDOW)
                           : para.end;
    size_t close_sentence = ws_document_sentence_of(doc, q->close_end);
    size_t sentence_end = close_sentence + 1 < doc->sentences.count
                              ? doc->sentences.items[close_sentence + 1]
                              : doc->length;
    if (sentence_end > after_end)
        sentence_end = after_end;

    size_t before_end = q->open;
    /* The sentence before the quote's own, with the words of its own up to
     * the quote ("Sami recalled how ... trees. "..."", German reported
     * speech "X betonte ... . Das Virus sei „..."), for previous-sentence
     * rules. */
    size_t previous_start = WS_NONE;
    if (before_start > para.start && sentence > 0) {
        size_t prev = doc->sentences.items[sentence - 1];
        previous_start = prev > para.start ? prev : para.start;
        if (q->open - previous_start > BEFORE_WINDOW)
            previous_start = char_floor(t, q->open - BEFORE_WINDOW);
    }
    if (q->open - para.start <= 4 && q->paragraph > 0) {
        /* A quote that opens its paragraph after "Smith said:" ending the
         * previous one: that sentence is its "before". */
        ws_span prev = doc->paragraphs.items[q->paragraph - 1];
        if (t[prev.end - 1] == ':') {
            before_end = prev.end;
            before_start = doc->sentences.items[ws_document_sentence_of(doc, prev.end - 1)];
            if (before_start < prev.start)
                before_start = prev.start;
            if (before_end - before_start > BEFORE_WINDOW)
                before_start = char_floor(t, before_end - BEFORE_WINDOW);
        }
    }

    /* A paragraph of very many quotes is a list or junk, not prose: only
     * the cheap anchored rules run there, so hostile input stays fast. */
    bool flood = paragraph_quotes(cx, qi) > FLOOD_QUOTES;
    uint32_t last = q->end > q->start ? ws_utf8_prev(t, q->end, NULL) : 0;
    bool partial_ends_sentence = last == '.' || last == '!' || last == '?';
    const ws_rules *rules = ex->rules;
    /* Whether the "before" texts hold a cue at all: -1 not looked yet. */
    int cue_before = -1, cue_previous = -1;
    for (size_t r = 0; r < rules->rules.count; r++) {
        const ws_rule *rule = &rules->rules.items[r];
        size_t from, to;
        switch (rule->scope) {
        case WS_SCOPE_AFTER:
            /* Words quoted at the end of a sentence ("called the lines
             * "unacceptable." Mayor Stanton wrote ...") are not attributed
             * by the next sentence. */
            if (!q->closed || (a->kind == WS_KIND_PARTIAL && partial_ends_sentence))
                continue;
            from = q->close_end, to = after_end;
            break;
        case WS_SCOPE_SENTENCE_AFTER:
            if (!q->closed)
                continue;
            from = q->close_end, to = sentence_end;
            break;
        case WS_SCOPE_PREVIOUS_SENTENCE:
            if (!fallback || previous_start == WS_NONE)
                continue;
            from = previous_start, to = q->open;
            break;
        default:
            from = before_start, to = before_end;
            break;
        }
        if (fallback != (rule->scope == WS_SCOPE_PREVIOUS_SENTENCE))
            continue;
        if (flood && rule->scope != WS_SCOPE_AFTER)
            continue;
        if (rule->needs_cue && (rule->scope == WS_SCOPE_BEFORE ||
                                rule->scope == WS_SCOPE_PREVIOUS_SENTENCE)) {
            int *known = rule->scope == WS_SCOPE_BEFORE ? &cue_before : &cue_previous;
            if (*known < 0)
                *known = to > from &&
                         pcre2_match(rules->cue_finder, (PCRE2_SPTR)(t + from), to - from, 0,
                                     PCRE2_NO_UTF_CHECK, ex->match, ex->match_context) >= 0;
            if (!*known)
                continue;
        }
        if (rule->window && to - from > rule->window) {
            /* The bytes nearest the quote: the end of a "before" text. */
            if (rule->scope == WS_SCOPE_AFTER || rule->scope == WS_SCOPE_SENTENCE_AFTER)
                to = char_floor(t, from + rule->window);
            else
                from = char_floor(t, to - rule->window);
        }
        if (to <= from)
            continue;
        int rc = pcre2_match(rule->code, (PCRE2_SPTR)(t + from), to - from, 0,
                             PCRE2_NO_UTF_CHECK, ex->match, ex->match_context);
        if (rc < 0)
            continue;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ex->match);
        size_t g = rule->speaker_group;
        if (ov[2 * g] == PCRE2_UNSET || ov[2 * g + 1] <= ov[2 * g])
            continue;
        a->mention_start = from + ov[2 * g];
        a->mention_end = from + ov[2 * g + 1];
        g = rule->cue_group;
        if (g && ov[2 * g] != PCRE2_UNSET) {
            a->cue_start = from + ov[2 * g];
            a->cue_end = from + ov[2 * g + 1];
        }
        a->rule = rule->id;
        a->confidence = rule->confidence;
        resolve_mention(cx, qi, from, a);
        return 1;
    }
    return 0;
}

/* Longest speaker label of a transcript line. */
#define LABEL_MAX 40

/* A transcript line quoted whole names its speaker in capitals before a
 * colon: ""PENCE: Well, look, ..."", ""MR. O'NEILL: By the way ..."".
 * The label is the mention; the speaker is the full name it stands for,
 * when the document gives one. */
static bool transcript_label(const context *cx, const ws_found_quote *q, ws_attribution *a)
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
    a->confidence = 0.9;
    return true;
}

/* Does t[from,to) hold a reporting verb? */
static bool cue_between(context *cx, size_t from, size_t to)
{
    ws_extractor *ex = cx->ex;
    return to > from &&
           pcre2_match(ex->rules->cue_finder, (PCRE2_SPTR)(cx->doc->text + from), to - from, 0,
                       PCRE2_NO_UTF_CHECK, ex->match, ex->match_context) >= 0;
}

/* Does t[from,to) name speaker a (its last word, as written)? */
static bool names_speaker(const context *cx, size_t from, size_t to, const ws_attribution *a)
{
    const char *t = cx->doc->text;
    size_t w = a->speaker_end;
    while (w > a->speaker_start && t[w - 1] != ' ')
        w--;
    size_t n = a->speaker_end - w;
    for (size_t k = from; n && k + n <= to; k++)
        if (!memcmp(t + k, t + w, n))
            return true;
    return false;
}

/* Does t[from,to), after a quote and before quote j whose speaker it
 * would borrow, introduce someone else?  A reporting verb there without
 * j's speaker ("'Q1,' one employee told BFMTV. 'Q2,' Smith said")
 * attributes the quote to a person the rules could not name. */
static bool other_cue_between(context *cx, size_t from, size_t to, size_t j)
{
    /* Bounded, so a paragraph of many quotes stays linear: an attribution
     * follows its quote closely. */
    if (to - from > AFTER_WINDOW)
        to = char_floor(cx->doc->text, from + AFTER_WINDOW);
    return cue_between(cx, from, to) && !names_speaker(cx, from, to, &cx->out[j]);
}

/* Is the paragraph nothing but this quote (and punctuation)? */
static bool quote_only(const ws_document *doc, const ws_found_quote *q)
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
    for (size_t i = runs_from(names, from); i < names->count && names->items[i].start < to; i++)
        if (names->items[i].title_start == from) {
            r = &names->items[i];
            break;
        }
    if (!r || r->end > to || (r->end < to && t[r->end] != ',' && t[r->end] != '.'))
        return false;
    a->mention_start = r->start;
    a->mention_end = r->end;
    canonical_name(cx, a, r->start, r->end);
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
static bool signed_quote(context *cx, const ws_found_quote *q, ws_attribution *a)
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
            a->confidence = 0.8;
            return true;
        }
        return false;
    }
    if (!quote_only(doc, q) || q->paragraph + 1 >= doc->paragraphs.count)
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
    a->confidence = 0.8;
    return true;
}

/* Is the word at t[p] a verb form a subject is followed by ("praised",
 * "says", "is", "also")?  Rough: what ends in -ed or -s, or a few
 * auxiliaries; it keeps out nouns a name modifies ("Clinton campaign"). */
static bool verb_like(const char *t, size_t p, size_t end)
{
    static const char *const aux[] = {"is", "was", "has", "had", "also", "will", "would",
                                      "said", "told", "wrote", "spoke", "went", "then"};
    size_t e = p;
    while (e < end && t[e] >= 'a' && t[e] <= 'z')
        e++;
    if (e - p < 2)
        return false;
    for (size_t i = 0; i < sizeof(aux) / sizeof(*aux); i++)
        if (strlen(aux[i]) == e - p && !memcmp(t + p, aux[i], e - p))
            return true;
    return (e - p > 3 && t[e - 2] == 'e' && t[e - 1] == 'd') ||
           (e - p > 3 && t[e - 1] == 's' && t[e - 2] != 's');
}

/* A quote opening its paragraph after a paragraph of narration that opens
 * with a named subject ("Valastro praised Christie's leadership ...\n\n
 * "We need someone who ...""): the person the narration is about speaks. */
static bool previous_subject(context *cx, const ws_found_quote *q, ws_attribution *a)
{
    const ws_document *doc = cx->doc;
    const char *t = doc->text;
    size_t pi = q->paragraph - 1;
    if (ws_document_is_headline(doc, pi))
        return false;
    ws_span prev = doc->paragraphs.items[pi];
    const ws_name_list *names = &cx->ex->names;
    size_t k = runs_from(names, prev.start);
    if (k >= names->count || names->items[k].title_start != prev.start)
        return false;
    const ws_name_run *r = &names->items[k];
    if (r->end + 2 > prev.end || not_a_subject(doc, prev.start, r) ||
        (t[r->end] != ',' && (t[r->end] != ' ' || !verb_like(t, r->end + 1, prev.end))))
        return false;
    /* A lone capitalised word opening a paragraph ("Often, ...", "Wait,")
     * is a name only if the document names its bearer in full. */
    ws_span full;
    ws_gender gender;
    if (r->tokens < 2 && r->title_start == r->start &&
        !ws_names_canonical(doc, cx->ex->rules, names, r->start, r->end, &full, &gender))
        return false;
    a->mention_start = r->start;
    a->mention_end = r->end;
    canonical_name(cx, a, r->start, r->end);
    a->rule = "previous-paragraph-subject";
    a->resolution = "the named subject of the narration just before the quote";
    a->confidence = 0.4;
    return true;
}

static void copy_speaker(ws_attribution *to, const ws_attribution *from,
                         const char *rule, const char *resolution, double factor)
{
    to->speaker_start = from->speaker_start;
    to->speaker_end = from->speaker_end;
    /* The mention that named the speaker, so a reader can check it. */
    to->mention_start = from->mention_start;
    to->mention_end = from->mention_end;
    to->rule = rule;
    to->resolution = resolution;
    to->confidence = from->confidence * factor;
}

static ws_kind kind_of(const ws_document *doc, const ws_found_quote *q)
{
    if (ws_document_is_headline(doc, q->paragraph))
        return WS_KIND_HEADLINE;
    ws_span p = doc->paragraphs.items[q->paragraph];
    if (q->open - p.start <= 4)
        return WS_KIND_DIRECT;
    size_t e = q->open;
    while (e > p.start && (doc->text[e - 1] == ' ' || doc->text[e - 1] == '\t'))
        e--;
    if (e > p.start && (doc->text[e - 1] == ':' || doc->text[e - 1] == ','))
        return WS_KIND_DIRECT;
    size_t s = q->start;
    uint32_t first = ws_utf8_next(doc->text, q->end, &s);
    int words = 0;
    for (size_t i = q->start; i < q->end && words < 4; i++)
        words += doc->text[i] == ' ';
    return ws_is_upper(first) && words >= 4 ? WS_KIND_DIRECT : WS_KIND_PARTIAL;
}

/* The body quote a headline quote repeats. */
static long repeated_in_body(context *cx, size_t qi)
{
    const ws_found_quote *q = &cx->quotes->items[qi];
    const char *t = cx->doc->text;
    size_t s = q->start, e = q->end;
    while (e > s && strchr(".,;:!? ", t[e - 1]))
        e--;
    if (e - s < 4)
        return -1;
    for (size_t j = 0; j < cx->quotes->count; j++) {
        const ws_found_quote *b = &cx->quotes->items[j];
        if (j == qi || cx->out[j].kind == WS_KIND_HEADLINE ||
            cx->out[j].speaker_start == WS_NONE || b->end - b->start < e - s)
            continue;
        /* Bounded: body quotes are short, and this runs for headlines only. */
        for (size_t k = b->start; k + (e - s) <= b->end; k++)
            if (!memcmp(t + k, t + s, e - s))
                return (long)j;
    }
    return -1;
}

int ws_attribute(ws_extractor *ex, const ws_document *doc,
                 const ws_quote_list *quotes, ws_attribution *out)
{
    context cx = {ex, doc, quotes, out, NULL, 0, 0, {0}, WS_NONE, 0};
    int err = WS_OK;
    for (size_t i = 0; i < quotes->count; i++) {
        ws_attribution *a = &out[i];
        *a = (ws_attribution){WS_NONE, WS_NONE, WS_NONE, WS_NONE, WS_NONE,
                              WS_NONE, NULL, NULL, WS_KIND_DIRECT, NO_SPEAKER_CONFIDENCE, false};
        a->kind = kind_of(doc, &quotes->items[i]);
        if ((transcript_label(&cx, &quotes->items[i], a) ||
             signed_quote(&cx, &quotes->items[i], a) || try_rules(&cx, i, a, false)) &&
            a->speaker_start != WS_NONE &&
            (err = WS_VEC_PUSH(cx.attributed, i)))
            goto done;
    }
    /* For each quote, the next quote of its paragraph the rules attributed
     * (WS_NONE if none), found in one backward sweep. */
    size_t *next_named = malloc(quotes->count * sizeof(size_t));
    if (!next_named) {
        err = WS_ERR_NOMEM;
        goto done;
    }
    for (size_t i = quotes->count, next = WS_NONE; i-- > 0;) {
        if (i + 1 < quotes->count && quotes->items[i + 1].paragraph != quotes->items[i].paragraph)
            next = WS_NONE;
        next_named[i] = next;
        if (out[i].speaker_start != WS_NONE)
            next = i;
    }
    /* Quotes the rules left open, in reading order so continuations chain. */
    size_t last_named = WS_NONE; /* the last attributed quote of the paragraph */
    for (size_t i = 0; i < quotes->count; i++) {
        ws_attribution *a = &out[i];
        const ws_found_quote *q = &quotes->items[i];
        if (i > 0 && quotes->items[i - 1].paragraph != q->paragraph)
            last_named = WS_NONE;
        if (a->speaker_start != WS_NONE || a->kind == WS_KIND_HEADLINE) {
            if (a->speaker_start != WS_NONE)
                last_named = i;
            continue;
        }
        /* A title does not borrow a speaker from its neighbours. */
        if (ws_looks_like_title(doc, q) || ws_names_a_work(ex->rules, doc, q)) {
            a->drop = true;
            continue;
        }
        /* The last attributed quote before it in the paragraph, else the
         * next one, unless a reporting verb between them introduces
         * someone else. */
        size_t from = last_named;
        if (from == WS_NONE && next_named[i] != WS_NONE &&
            !(a->kind != WS_KIND_PARTIAL &&
              other_cue_between(&cx, q->close_end, quotes->items[next_named[i]].open,
                                next_named[i])))
            from = next_named[i];
        const ws_attribution *same = from != WS_NONE ? &out[from] : NULL;
        if (same) {
            last_named = i;
            copy_speaker(a, same, "same-paragraph",
                         "speaker of another quote in the same paragraph", 0.9);
            continue;
        }
        if (try_rules(&cx, i, a, true)) {
            last_named = a->speaker_start != WS_NONE ? i : last_named;
            continue;
        }
        ws_span para = doc->paragraphs.items[q->paragraph];
        if (q->open - para.start > 4 || q->paragraph == 0)
            continue;
        const ws_attribution *prev = NULL;
        bool prev_quoted = false;
        for (size_t j = i; j-- > 0 && quotes->items[j].paragraph + 1 >= q->paragraph;)
            if (quotes->items[j].paragraph + 1 == q->paragraph) {
                if (out[j].speaker_start != WS_NONE)
                    prev = &out[j];
                prev_quoted = true;
                break;
            }
        if (!prev_quoted && previous_subject(&cx, q, a)) {
            last_named = i;
            continue;
        }
        if (prev) {
            copy_speaker(a, prev, "continuation",
                         "continues the speaker of the previous paragraph", 0.6);
            if (quote_only(doc, q))
                a->kind = WS_KIND_CONTINUATION;
            last_named = i;
        }
    }
    free(next_named);
    for (size_t i = 0; i < quotes->count; i++) {
        ws_attribution *a = &out[i];
        if (a->kind != WS_KIND_HEADLINE || a->speaker_start != WS_NONE)
            continue;
        long j = repeated_in_body(&cx, i);
        if (j >= 0)
            copy_speaker(a, &out[j], "headline-repeat",
                         "the headline repeats a quote of this speaker", 0.9);
    }
    /* Titles are dropped even when a rule found a speaker for the
     * sentence around them ("she praised the film "Sable""). */
    for (size_t i = 0; i < quotes->count; i++)
        if (((out[i].speaker_start == WS_NONE || out[i].kind == WS_KIND_PARTIAL) &&
             ws_looks_like_title(doc, &quotes->items[i])) ||
            ws_names_a_work(ex->rules, doc, &quotes->items[i]) ||
            ws_byline_excerpt(ex->rules, doc, quotes, i))
            out[i].drop = true;
done:
    free(cx.genders);
    free(cx.attributed.items);
    return err;
}

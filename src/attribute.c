/* Attribution: gives each quote a speaker.
 *
 * 1. The pattern rules of rules/<lang>/patterns.rules, in file order, on
 *    the text after the closing mark ("after", anchored), the sentence up
 *    to the opening mark ("before"), or the rest of the sentence
 *    ("sentence-after").  The first rule that matches wins, unless its
 *    mention is a pronoun that points back to no one.
 * 2. A matched mention is a pronoun (resolved to a recent person), a role
 *    or group ("the ministry", "White House officials", kept as written),
 *    or a name (widened to its fullest form in the document): resolve.c.
 * 3. Quotes whose layout names the speaker (a transcript label, a signature
 *    line) take it before any rule: layout_speakers.c.
 * 4. Quotes no rule attributes take the speaker of a quote in the same
 *    paragraph, or continue the previous paragraph's speaker when they
 *    open their paragraph, or after a paragraph of narration with no quote
 *    take its named subject; headline quotes take the speaker of the body
 *    quote they repeat. */
#include "attribution.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* The mention is the speaker's whole noun phrase, with its appositive
 * or its role ("Smith, a spokeswoman for the agency,", "her campaign
 * manager, Robby Mook"), as annotators mark a source; the speaker stays
 * the name.  A role matched by its last words is taken back to the start
 * of its phrase ("Florida's Republican attorney general"). */
static void widen_mention(context *cx, size_t floor, size_t start, size_t end,
                          ws_attribution *a)
{
    const char *t = cx->doc->text;
    while (end > start && (t[end - 1] == ' ' || t[end - 1] == ',' || t[end - 1] == '\n'))
        end--;
    /* A participle after the name tells what they did, not who they are
     * ("Mr. Biden, recalling weekly breakfasts with her, said"). */
    size_t w = a->mention_end;
    if (w + 2 < end && t[w] == ',' && t[w + 1] == ' ') {
        size_t we = w + 2;
        while (we < end && t[we] >= 'a' && t[we] <= 'z')
            we++;
        if (we - (w + 2) > 4 && !memcmp(t + we - 3, "ing", 3) && (we == end || t[we] == ' '))
            end = a->mention_end;
    }
    /* A source that opens with a comma follows its role ("the previous
     * nominee, Mitt Romney"): without one, it is the name alone. */
    if (start < a->mention_start) {
        size_t phrase = ws_phrase_start(cx, floor, start, false);
        if (phrase < start || t[start] != ',')
            a->mention_start = phrase;
    }
    if (end > a->mention_end)
        a->mention_end = end;
}

/* Does the sentence of quote q go on after its closing mark ("“Q,” begins
 * a message", "“Out!” the crowd yelled")?  Its own words name the
 * speaker there, though no rule could read them: a later quote's speaker,
 * or the previous paragraph's, is no better guess than none. */
static bool sentence_goes_on(const ws_document *doc, const ws_found_quote *q)
{
    const char *t = doc->text;
    ws_span para = doc->paragraphs.items[q->paragraph];
    size_t k = q->close_end;
    while (k < para.end && t[k] == ' ')
        k++;
    return (q->end > q->start && t[q->end - 1] == ',') ||
           (k < para.end && t[k] >= 'a' && t[k] <= 'z');
}

static unsigned long long nanoseconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

/* Matches rule r against `text`, counted and timed under
 * WS_OPT_PROFILE_RULES. */
static int match_rule(ws_extractor *ex, size_t r, const char *text, size_t length)
{
    unsigned long long start = ex->tally ? nanoseconds() : 0;
    int rc = ws_match_pattern(ex, r, text, length);
    if (ex->tally) {
        ex->tally[r].nanoseconds += nanoseconds() - start;
        ex->tally[r].tries++;
        ex->tally[r].matches += rc >= 0;
    }
    return rc;
}

/* Does a colon follow offset i, past spaces, before `end`? */
static bool colon_follows(const char *t, size_t i, size_t end)
{
    while (i < end && t[i] == ' ')
        i++;
    return i < end && t[i] == ':';
}

/* Does attribution a, in t[from,to) between two quotes, end in a colon?
 * Then it introduces the later quote ('"Q1." Ms Ostrander said: "Q2."'),
 * not the earlier. */
static bool introduced_between(const char *t, const ws_attribution *a, size_t from,
                               size_t to)
{
    return a->cue_start != WS_NONE && a->cue_start >= from && a->cue_end <= to &&
           colon_follows(t, a->cue_end, to);
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
    /* ...unless the sentence goes on after the mark ("Clinton "... Does
     * that fly?" former adviser David Axelrod asked"). */
    bool partial_ends_sentence = (last == '.' || last == '!' || last == '?') &&
                                 !sentence_goes_on(doc, q);
    const ws_rules *rules = ex->rules;
    /* Whether each scope's text holds a cue at all: -1 not looked yet.
     * After a quote the rules open with their cue and fail fast anyway. */
    int has_cue[WS_SCOPE_PREVIOUS_SENTENCE + 1] = {-1, -1, -1, -1};
    ws_attribution unresolved = {.rule = NULL};
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
        if (rule->needs_cue && rule->scope != WS_SCOPE_AFTER) {
            int *known = &has_cue[rule->scope];
            if (*known < 0)
                *known = to > from &&
                         ws_match_pattern(ex, rules->rules.count, t + from, to - from) >= 0;
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
        if (match_rule(ex, r, t + from, to - from) < 0)
            continue;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ex->match);
        size_t g = rule->speaker_group;
        if (ov[2 * g] == PCRE2_UNSET || ov[2 * g + 1] <= ov[2 * g])
            continue;
        a->mention_start = from + ov[2 * g];
        a->mention_end = from + ov[2 * g + 1];
        g = rule->cue_group;
        if (g && ov[2 * g] != PCRE2_UNSET) {
            /* A cue that ends in a colon after a quote introduces the
             * next one ('"Q1." Mr Zahed said: "Q2."'). */
            if (rule->scope == WS_SCOPE_AFTER && colon_follows(t, from + ov[2 * g + 1], to))
                continue;
            a->cue_start = from + ov[2 * g];
            a->cue_end = from + ov[2 * g + 1];
        }
        a->rule = rule->id;
        a->confidence = rule->confidence;
        /* Read before resolving, which may run a match of its own. */
        g = rule->source_group;
        bool source = g && ov[2 * g] != PCRE2_UNSET;
        size_t source_start = source ? from + ov[2 * g] : 0;
        size_t source_end = source ? from + ov[2 * g + 1] : 0;
        ws_resolve_mention(cx, qi, from, a);
        if (source)
            widen_mention(cx, from, source_start, source_end, a);
        /* A pronoun that points back to no one ("what it called") leaves
         * the later rules to name the sentence's subject. */
        if (a->speaker_start == WS_NONE && r + 1 < rules->rules.count) {
            unresolved = *a;
            continue;
        }
        return 1;
    }
    if (unresolved.rule) {
        *a = unresolved;
        return 1;
    }
    return 0;
}

/* Does t[from,to) hold a reporting verb? */
static bool cue_between(context *cx, size_t from, size_t to)
{
    ws_extractor *ex = cx->ex;
    return to > from &&
           ws_match_pattern(ex, ex->rules->rules.count, cx->doc->text + from, to - from) >= 0;
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

/* Does partial quote qi's own sentence, when quote `from` lies in an
 * earlier one, report someone other than from's speaker before it
 * ("Smith said "Q1". Critics called it "Q2"")? */
static bool other_cue_in_sentence(context *cx, size_t qi, size_t from)
{
    const ws_document *doc = cx->doc;
    const ws_found_quote *q = &cx->quotes->items[qi];
    size_t s = ws_document_sentence_of(doc, q->open);
    if (ws_document_sentence_of(doc, cx->quotes->items[from].open) == s)
        return false;
    size_t start = doc->sentences.items[s];
    return cue_between(cx, start, q->open) && !names_speaker(cx, start, q->open, &cx->out[from]);
}

/* `factor` scales the borrowed confidence: calibrated on PolNeAR dev,
 * same-paragraph records are as often right as their source, continuations
 * three times in four. */
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
    /* A capitalised quote that opens a sentence ('... he said. "We won."')
     * is a sentence of its own, however short. */
    uint32_t last = ws_utf8_prev(doc->text, q->end, NULL);
    char after = q->close_end < doc->length ? doc->text[q->close_end] : '\0';
    bool punctuated = (last < 128 && strchr(".,!?", (int)last)) ||
                      (after && strchr(".!?", after)); /* 'said. "We won".' */
    if (ws_is_upper(first) && punctuated &&
        doc->sentences.items[ws_document_sentence_of(doc, q->open)] >= e)
        return WS_KIND_DIRECT;
    int words = 0;
    for (size_t i = q->start; i < q->end && words < 4; i++)
        words += doc->text[i] == ' ';
    return ws_is_upper(first) && words >= 4 ? WS_KIND_DIRECT : WS_KIND_PARTIAL;
}

/* Is headline paragraph `para` written in sentence case, so a title-case
 * quote in it stands out as a name ("Former star 'The Lighthouse' tells
 * his story in "Tall Stories"")?  A headline in title case capitalises
 * every long word, quotes included, and says nothing.  Words outside
 * quote marks only; a lower-case word of five letters or more is taken
 * as the sign (title case leaves only short words like "of", "from"). */
static bool sentence_case_headline(const context *cx, size_t para)
{
    const ws_document *doc = cx->doc;
    const ws_quote_list *quotes = cx->quotes;
    ws_span p = doc->paragraphs.items[para];
    size_t qi = 0;
    for (size_t k = p.start; k < p.end;) {
        while (qi < quotes->count && quotes->items[qi].close_end <= k)
            qi++;
        if (qi < quotes->count && quotes->items[qi].open <= k) {
            k = quotes->items[qi].close_end;
            continue;
        }
        size_t e = k;
        while (e < p.end && doc->text[e] != ' ')
            e++;
        size_t c = k;
        uint32_t first = e > k ? ws_utf8_next(doc->text, e, &c) : 0;
        if (e - k >= 5 && ws_is_letter(first) && !ws_is_upper(first))
            return true;
        k = e + 1;
    }
    return false;
}

/* Is the line of quote qi, from `line`, in title case: a subhead ("Gina
 * Rodriguez Questioned What It Means To Be "Latino Enough."")?  Words
 * outside the quotes only, as for sentence_case_headline(), and only so
 * far past the quote. */
static bool title_case_line(const context *cx, size_t qi, size_t line)
{
    const char *t = cx->doc->text;
    const ws_found_quote *q = &cx->quotes->items[qi];
    ws_span p = cx->doc->paragraphs.items[q->paragraph];
    size_t end = p.end - q->close_end > HEADLINE_LINE ? q->close_end + HEADLINE_LINE : p.end;
    const char *nl = memchr(t + q->close_end, '\n', end - q->close_end);
    if (nl)
        end = (size_t)(nl - t);
    size_t j = qi;
    while (j > 0 && cx->quotes->items[j - 1].open >= line)
        j--;
    for (size_t k = line; k < end;) {
        if (j < cx->quotes->count && cx->quotes->items[j].open <= k) {
            if (cx->quotes->items[j].close_end > k) /* not one nested in the last */
                k = cx->quotes->items[j].close_end;
            j++;
            continue;
        }
        size_t e = k;
        while (e < end && t[e] != ' ')
            e++;
        if (e - k >= 5 && t[k] >= 'a' && t[k] <= 'z')
            return false;
        k = e + 1;
    }
    return true;
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
        /* A title the body quotes again ("called him "The Lighthouse"")
         * is no speech to repeat. */
        if (j == qi || cx->out[j].kind == WS_KIND_HEADLINE ||
            cx->out[j].speaker_start == WS_NONE || b->end - b->start < e - s ||
            ws_looks_like_title(cx->doc, b))
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
        if ((ws_transcript_label(&cx, &quotes->items[i], a) ||
             ws_signed_quote(&cx, &quotes->items[i], a) || try_rules(&cx, i, a, false)) &&
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
         * someone else (for a partial quote: a reporting verb earlier in
         * its own sentence). */
        size_t from = last_named;
        if (from != WS_NONE && a->kind == WS_KIND_PARTIAL &&
            other_cue_in_sentence(&cx, i, from))
            from = WS_NONE;
        else if (from == WS_NONE && next_named[i] != WS_NONE &&
                 !introduced_between(doc->text, &out[next_named[i]], q->close_end,
                                     quotes->items[next_named[i]].open) &&
                 (a->kind == WS_KIND_PARTIAL || !sentence_goes_on(doc, q)) &&
                 !(a->kind != WS_KIND_PARTIAL &&
                   other_cue_between(&cx, q->close_end, quotes->items[next_named[i]].open,
                                     next_named[i])))
            from = next_named[i];
        const ws_attribution *same = from != WS_NONE ? &out[from] : NULL;
        if (same) {
            last_named = i;
            copy_speaker(a, same, "same-paragraph",
                         "speaker of another quote in the same paragraph", 1.0);
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
        if (!prev_quoted && ws_previous_subject(&cx, q, a)) {
            last_named = i;
            continue;
        }
        if (prev && !sentence_goes_on(doc, q)) {
            copy_speaker(a, prev, "continuation",
                         "continues the speaker of the previous paragraph", 0.75);
            if (ws_quote_only(doc, q))
                a->kind = WS_KIND_CONTINUATION;
            last_named = i;
        }
    }
    free(next_named);
    for (size_t i = 0; i < quotes->count; i++) {
        ws_attribution *a = &out[i];
        if (a->kind != WS_KIND_HEADLINE)
            continue;
        long j = repeated_in_body(&cx, i);
        /* A title-case quote in a sentence-case headline is a nickname or
         * a title even when a rule found a subject for it, unless the body
         * quotes it as speech. */
        if (j < 0 && ws_looks_like_title(doc, &quotes->items[i]) &&
            sentence_case_headline(&cx, quotes->items[i].paragraph)) {
            a->drop = true;
            continue;
        }
        if (a->speaker_start != WS_NONE)
            continue;
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
    /* Quotes nothing else attributed in the title line or a subhead. */
    ws_span subject = {0, 0};
    size_t line = WS_NONE, lookups = 0;
    for (size_t i = 0; i < quotes->count; i++) {
        ws_attribution *a = &out[i];
        const ws_found_quote *q = &quotes->items[i];
        if (a->speaker_start != WS_NONE || a->drop)
            continue;
        /* The quote's line: a headline's quote is near its start. */
        size_t para = q->paragraph, start = doc->paragraphs.items[para].start;
        bool far = q->open - start > HEADLINE_LINE;
        if (far)
            start = q->open - HEADLINE_LINE;
        const char *nl = q->open > start ? memrchr(doc->text + start, '\n', q->open - start) : NULL;
        if (!nl && far)
            continue;
        size_t l = nl ? (size_t)(nl - doc->text) + 1 : start;
        if (l != line) {
            line = l;
            subject.end = 0;
            if ((para == 0 || title_case_line(&cx, i, line)) && lookups++ < HEADLINE_LOOKUPS)
                ws_headline_subject(&cx, para, line, &subject);
        }
        /* Not past a dash that opens another clause ("Hillary Camp Declining
         * To Debate Bernie – What ever Happened To Debating "...""). */
        const char *t = doc->text;
        if (subject.end == 0 || subject.end > q->open ||
            memmem(t + subject.end, q->open - subject.end, " \xE2\x80\x93 ", 5) ||
            memmem(t + subject.end, q->open - subject.end, " \xE2\x80\x94 ", 5) ||
            memmem(t + subject.end, q->open - subject.end, " - ", 3))
            continue;
        a->mention_start = subject.start;
        a->mention_end = subject.end;
        ws_canonical_name(&cx, a, subject.start, subject.end);
        a->rule = "headline-subject";
        a->resolution = "the subject of a headline, named in the text around it";
        a->confidence = 0.85;
    }
done:
    free(cx.genders);
    free(cx.attributed.items);
    return err;
}

/* The pipeline: document -> sentences -> quotes -> attribution -> result. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct ws_result {
    ws_quote *quotes;
    size_t count;
    char *strings; /* every string the quotes point to */
    size_t invalid_first, invalid_count;
};

const char *ws_version(void)
{
    return WS_VERSION_STRING;
}

const char *ws_strerror(int error)
{
    switch (error) {
    case WS_OK: return "success";
    case WS_ERR_NOMEM: return "out of memory";
    case WS_ERR_IO: return "input/output error";
    case WS_ERR_RULES: return "invalid rules";
    case WS_ERR_INVALID_UTF8: return "invalid UTF-8";
    case WS_ERR_TOO_LARGE: return "document exceeds a limit (size, paragraph or quote nesting)";
    case WS_ERR_ICU: return "ICU error";
    case WS_ERR_ARGUMENT: return "invalid argument";
    default: return "unknown error";
    }
}

const char *ws_kind_name(ws_kind kind)
{
    switch (kind) {
    case WS_KIND_DIRECT: return "direct";
    case WS_KIND_PARTIAL: return "partial";
    case WS_KIND_CONTINUATION: return "continuation";
    case WS_KIND_HEADLINE: return "headline";
    }
    return "direct";
}

/* The largest capture count of the pack's patterns: the match data must
 * hold every group, or a speaker group past its end could not be read. */
static uint32_t most_groups(const ws_rules *rules)
{
    uint32_t most = 0, n;
    for (size_t i = 0; i < rules->rules.count; i++)
        if (!pcre2_pattern_info(rules->rules.items[i].code, PCRE2_INFO_CAPTURECOUNT, &n) &&
            n > most)
            most = n;
    return most;
}

ws_extractor *ws_extractor_new(const ws_rules *rules, int options,
                               const ws_limits *limits)
{
    if (!rules)
        return NULL;
    ws_extractor *ex = calloc(1, sizeof(*ex));
    if (!ex)
        return NULL;
    ex->rules = rules;
    ex->options = options;
    ex->jit = !(options & WS_OPT_NO_JIT);
    ex->match_options = PCRE2_NO_UTF_CHECK | (ex->jit ? 0 : PCRE2_NO_JIT);
    if (limits)
        ex->limits = *limits;
    if (!ex->limits.max_document_bytes)
        ex->limits.max_document_bytes = WS_MAX_DOCUMENT_BYTES;
    if (!ex->limits.max_paragraph_bytes)
        ex->limits.max_paragraph_bytes = WS_MAX_PARAGRAPH_BYTES;
    if (!ex->limits.max_quote_nesting)
        ex->limits.max_quote_nesting = WS_MAX_QUOTE_NESTING;
    ex->segmenter = ws_segmenter_new(rules);
    ex->match = pcre2_match_data_create(most_groups(rules) + 1, NULL);
    ex->match_context = pcre2_match_context_create(NULL);
    /* A JIT stack of our own, able to grow past the 32 KB default, so a
     * long window fails by the match limit, not by a stack overflow. */
    ex->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    if (ex->match_context) {
        pcre2_set_match_limit(ex->match_context, WS_MAX_MATCH_STEPS);
        pcre2_jit_stack_assign(ex->match_context, NULL, ex->jit_stack);
    }
    if (options & WS_OPT_PROFILE_RULES)
        ex->tally = calloc(rules->rules.count + 1, sizeof(*ex->tally)); /* +1: never 0 bytes */
    if (!ex->segmenter || !ex->match || !ex->match_context || !ex->jit_stack ||
        ((options & WS_OPT_PROFILE_RULES) && !ex->tally)) {
        ws_extractor_free(ex);
        return NULL;
    }
    return ex;
}

void ws_extractor_free(ws_extractor *ex)
{
    if (!ex)
        return;
    ws_segmenter_free(ex->segmenter);
    pcre2_match_data_free(ex->match);
    pcre2_match_context_free(ex->match_context);
    pcre2_jit_stack_free(ex->jit_stack);
    ws_document_release(&ex->doc);
    free(ex->quotes.items);
    free(ex->names.items);
    free(ex->name_memo.items);
    free(ex->near_quote.items);
    free(ex->tally);
    free(ex);
}

int ws_match_pattern(ws_extractor *ex, size_t i, const char *text, size_t length)
{
    return pcre2_match(ws_rules_code(ex->rules, i, ex->jit), (PCRE2_SPTR)text, length, 0,
                       ex->match_options, ex->match, ex->match_context);
}

int ws_extractor_rule_cost(const ws_extractor *ex, size_t index, ws_rule_cost *cost)
{
    if (index >= ex->rules->rules.count)
        return 0;
    *cost = (ws_rule_cost){.rule = ex->rules->rules.items[index].id};
    if (ex->tally) {
        cost->tries = ex->tally[index].tries;
        cost->matches = ex->tally[index].matches;
        cost->nanoseconds = ex->tally[index].nanoseconds;
    }
    return 1;
}

static size_t span_length(size_t start, size_t end)
{
    return start == WS_NONE ? 0 : end - start + 1;
}

/* Copies [start,end) of the text into the arena; NULL when absent. */
static const char *put(char **cursor, const char *text, size_t start, size_t end)
{
    if (start == WS_NONE)
        return NULL;
    char *s = *cursor;
    memcpy(s, text + start, end - start);
    s[end - start] = '\0';
    *cursor = s + (end - start) + 1;
    return s;
}

static const char *put_string(char **cursor, const char *s)
{
    return s ? put(cursor, s, 0, strlen(s)) : NULL;
}

/* A single word quoted inside a sentence that no one is found to have
 * said: a scare quote or a term (the "rebuild", die „große“ Lösung), not
 * speech a reader would look for.  Dropped, as precision matters more. */
static bool scare_quote(const ws_document *doc, const ws_found_quote *f,
                        const ws_attribution *a)
{
    if (a->kind != WS_KIND_PARTIAL || a->speaker_start != WS_NONE)
        return false;
    for (size_t i = f->start; i < f->end; i++)
        if (ws_is_space((unsigned char)doc->text[i])) /* ASCII spaces suffice */
            return false;
    return f->end > f->start;
}

static int build_result(ws_extractor *ex, const ws_attribution *attr,
                        ws_result **out)
{
    const ws_document *doc = &ex->doc;
    const ws_quote_list *quotes = &ex->quotes;
    ws_result *r = calloc(1, sizeof(*r));
    if (!r)
        return WS_ERR_NOMEM;
    r->invalid_first = doc->invalid_first;
    r->invalid_count = doc->invalid_count;
    size_t bytes = 1;
    for (size_t i = 0; i < quotes->count; i++) {
        const ws_attribution *a = &attr[i];
        bytes += span_length(a->speaker_start, a->speaker_end) +
                 span_length(a->mention_start, a->mention_end) +
                 span_length(a->cue_start, a->cue_end) +
                 (a->rule ? strlen(a->rule) + 1 : 0);
    }
    r->quotes = calloc(quotes->count ? quotes->count : 1, sizeof(ws_quote));
    r->strings = malloc(bytes);
    if (!r->quotes || !r->strings) {
        ws_result_free(r);
        return WS_ERR_NOMEM;
    }
    char *cursor = r->strings;
    size_t n = 0;
    for (size_t i = 0; i < quotes->count; i++) {
        const ws_found_quote *f = &quotes->items[i];
        const ws_attribution *a = &attr[i];
        if (a->drop || scare_quote(doc, f, a))
            continue;
        ws_quote *q = &r->quotes[n++];
        bool speaker = a->speaker_start != WS_NONE;
        q->start = f->start;
        q->end = f->end;
        q->speaker = put(&cursor, doc->text, a->speaker_start, a->speaker_end);
        q->mention = speaker ? put(&cursor, doc->text, a->mention_start, a->mention_end) : NULL;
        q->mention_start = speaker ? a->mention_start : WS_NONE;
        q->mention_end = speaker ? a->mention_end : WS_NONE;
        q->speaker_start = a->speaker_start;
        q->speaker_end = a->speaker_end;
        q->cue = put(&cursor, doc->text, a->cue_start, a->cue_end);
        q->cue_start = a->cue_start;
        q->cue_end = a->cue_end;
        q->kind = a->kind;
        q->paragraph = f->paragraph;
        q->sentence = ws_document_sentence_of(doc, f->start) -
                      ws_document_sentence_of(doc, doc->paragraphs.items[f->paragraph].start);
        q->rule = put_string(&cursor, a->rule);
        q->resolution = a->resolution;
        q->confidence = a->confidence;
    }
    r->count = n;
    *out = r;
    return WS_OK;
}

/* The paragraphs attribution reads: each quote's own (all of them, for a
 * quote over several) and the one before if it ends in "Smith said:". */
static int mark_near_quotes(ws_extractor *ex)
{
    const ws_document *doc = &ex->doc;
    size_t n = doc->paragraphs.count;
    ex->near_quote.count = 0;
    for (size_t p = 0; p < n; p++)
        if (WS_VEC_PUSH(ex->near_quote, false))
            return WS_ERR_NOMEM;
    for (size_t i = 0; i < ex->quotes.count; i++) {
        const ws_found_quote *q = &ex->quotes.items[i];
        size_t last = ws_document_paragraph_of(doc, q->close_end);
        size_t p = q->paragraph;
        if (p > 0 && doc->text[doc->paragraphs.items[p - 1].end - 1] == ':')
            p--;
        for (; p <= last && p < n; p++)
            ex->near_quote.items[p] = true;
    }
    return WS_OK;
}

int ws_extract(ws_extractor *ex, const char *id, const char *text,
               size_t length, ws_result **out)
{
    (void)id;
    if (!ex || !out || (!text && length))
        return WS_ERR_ARGUMENT;
    *out = NULL;
    if (length > ex->limits.max_document_bytes)
        return WS_ERR_TOO_LARGE;
    int err = ws_document_load(&ex->doc, text ? text : "", length,
                               ex->options & WS_OPT_STRICT_UTF8,
                               ex->limits.max_paragraph_bytes);
    if (err)
        return err;
    ex->quotes.count = 0;
    ex->name_memo.count = 0;
    if ((err = ws_scan_quotes(&ex->doc, ex->limits.max_quote_nesting,
                               ex->rules->dialogue_dashes, ex->rules->double_apostrophes,
                               &ex->quotes)))
        return err;
    ws_attribution *attr = NULL;
    if (ex->quotes.count) {
        /* Sentences and names are only needed around quotes. */
        if ((err = mark_near_quotes(ex)) ||
            (err = ws_segment(ex->segmenter, &ex->doc, ex->rules, ex->near_quote.items)) ||
            (err = ws_names_collect(&ex->doc, ex->rules, &ex->names)))
            return err;
        attr = malloc(ex->quotes.count * sizeof(*attr));
        if (!attr)
            return WS_ERR_NOMEM;
        err = ws_attribute(ex, &ex->doc, &ex->quotes, attr);
    }
    if (!err)
        err = build_result(ex, attr, out);
    free(attr);
    return err;
}

void ws_result_free(ws_result *result)
{
    if (!result)
        return;
    free(result->quotes);
    free(result->strings);
    free(result);
}

size_t ws_result_count(const ws_result *result)
{
    return result ? result->count : 0;
}

const ws_quote *ws_result_quote(const ws_result *result, size_t index)
{
    return result && index < result->count ? &result->quotes[index] : NULL;
}

size_t ws_result_invalid_utf8_offset(const ws_result *result)
{
    return result ? result->invalid_first : WS_NONE;
}

size_t ws_result_invalid_utf8_count(const ws_result *result)
{
    return result ? result->invalid_count : 0;
}

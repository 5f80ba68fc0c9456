/* Shared by the fuzz targets: where the rules are, and the checks every
 * target runs on what the library gives back.  A failed check calls
 * abort() with a message, which libFuzzer (and the replay program) report
 * as a crash with the input that caused it. */
#ifndef WS_FUZZ_COMMON_H
#define WS_FUZZ_COMMON_H

#include "whosaid.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef WS_FUZZ_RULES_DIR
#define WS_FUZZ_RULES_DIR "rules"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* $WHOSAID_RULES, else the source tree's rules/ (set by meson). */
static inline const char *fuzz_rules_dir(void)
{
    const char *env = getenv("WHOSAID_RULES");
    return env && *env ? env : WS_FUZZ_RULES_DIR;
}

__attribute__((format(printf, 1, 2), noreturn))
static inline void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("fuzz check failed: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* ---- a strict JSON (RFC 8259) validator, UTF-8 included ---- */

typedef struct fuzz_json {
    const unsigned char *s;
    size_t n, i;
} fuzz_json;

static inline void fj_space(fuzz_json *j)
{
    while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
                           j->s[j->i] == '\r' || j->s[j->i] == '\n'))
        j->i++;
}

/* Length of a valid UTF-8 sequence at s[i] (shortest form, no surrogates,
 * at most U+10FFFF), or 0. */
static inline size_t fj_utf8(const unsigned char *s, size_t n, size_t i)
{
    unsigned char c = s[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (i + len > n)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

static inline int fj_string(fuzz_json *j)
{
    j->i++;
    while (j->i < j->n) {
        unsigned char c = j->s[j->i];
        if (c == '"') {
            j->i++;
            return 0;
        }
        if (c < 0x20)
            return -1;
        if (c == '\\') {
            if (++j->i >= j->n)
                return -1;
            c = j->s[j->i++];
            if (c == 'u') {
                for (int k = 0; k < 4; k++, j->i++)
                    if (j->i >= j->n || !strchr("0123456789abcdefABCDEF", j->s[j->i]) ||
                        !j->s[j->i])
                        return -1;
            } else if (!c || !strchr("\"\\/bfnrt", c)) {
                return -1;
            }
            continue;
        }
        size_t len = fj_utf8(j->s, j->n, j->i);
        if (!len)
            return -1;
        j->i += len;
    }
    return -1;
}

static inline int fj_digits(fuzz_json *j)
{
    size_t start = j->i;
    while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
        j->i++;
    return j->i > start ? 0 : -1;
}

static inline int fj_number(fuzz_json *j)
{
    if (j->s[j->i] == '-')
        j->i++;
    if (j->i < j->n && j->s[j->i] == '0')
        j->i++;
    else if (fj_digits(j))
        return -1;
    if (j->i < j->n && j->s[j->i] == '.') {
        j->i++;
        if (fj_digits(j))
            return -1;
    }
    if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
        j->i++;
        if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
            j->i++;
        if (fj_digits(j))
            return -1;
    }
    return 0;
}

static inline int fj_value(fuzz_json *j, int depth)
{
    fj_space(j);
    if (j->i >= j->n || depth > 64)
        return -1;
    unsigned char c = j->s[j->i];
    if (c == '{' || c == '[') {
        unsigned char close = c == '{' ? '}' : ']';
        j->i++;
        fj_space(j);
        if (j->i < j->n && j->s[j->i] == close) {
            j->i++;
            return 0;
        }
        for (;;) {
            if (c == '{') {
                fj_space(j);
                if (j->i >= j->n || j->s[j->i] != '"' || fj_string(j))
                    return -1;
                fj_space(j);
                if (j->i >= j->n || j->s[j->i] != ':')
                    return -1;
                j->i++;
            }
            if (fj_value(j, depth + 1))
                return -1;
            fj_space(j);
            if (j->i < j->n && j->s[j->i] == ',') {
                j->i++;
                continue;
            }
            if (j->i < j->n && j->s[j->i] == close) {
                j->i++;
                return 0;
            }
            return -1;
        }
    }
    if (c == '"')
        return fj_string(j);
    if (c == '-' || (c >= '0' && c <= '9'))
        return fj_number(j);
    static const char *const words[] = {"true", "false", "null"};
    for (int k = 0; k < 3; k++) {
        size_t len = strlen(words[k]);
        if (j->n - j->i >= len && !memcmp(j->s + j->i, words[k], len)) {
            j->i += len;
            return 0;
        }
    }
    return -1;
}

/* True when s[0,n) is exactly one JSON value (spaces around allowed). */
static inline int fuzz_json_valid(const char *s, size_t n)
{
    fuzz_json j = {(const unsigned char *)s, n, 0};
    if (fj_value(&j, 0))
        return 0;
    fj_space(&j);
    return j.i == n;
}

/* ---- checks on results and records ---- */

static inline int fuzz_span_ok(size_t start, size_t end, size_t length)
{
    if (start == WS_NONE || end == WS_NONE)
        return start == end;
    return start <= end && end <= length;
}

/* The documented promises of ws_result: offsets inside the text, a kind
 * and a confidence in range. */
static inline void fuzz_check_result(const char *text, size_t length, const ws_result *res)
{
    size_t count = ws_result_count(res);
    size_t bad = ws_result_invalid_utf8_offset(res);
    if (bad != WS_NONE && bad >= length)
        fuzz_fail("invalid UTF-8 offset %zu past the end %zu", bad, length);
    if ((bad == WS_NONE) != (ws_result_invalid_utf8_count(res) == 0))
        fuzz_fail("invalid UTF-8 offset and count disagree");
    for (size_t i = 0; i < count; i++) {
        const ws_quote *q = ws_result_quote(res, i);
        if (!q)
            fuzz_fail("quote %zu of %zu is NULL", i, count);
        if (!(q->start <= q->end && q->end <= length))
            fuzz_fail("quote %zu: span [%zu,%zu) outside the text (%zu bytes)", i,
                      q->start, q->end, length);
        if (!fuzz_span_ok(q->mention_start, q->mention_end, length))
            fuzz_fail("quote %zu: mention [%zu,%zu) bad", i, q->mention_start,
                      q->mention_end);
        if (!fuzz_span_ok(q->cue_start, q->cue_end, length))
            fuzz_fail("quote %zu: cue [%zu,%zu) bad", i, q->cue_start, q->cue_end);
        if ((unsigned)q->kind > WS_KIND_HEADLINE)
            fuzz_fail("quote %zu: kind %d", i, (int)q->kind);
        if (!(q->confidence >= 0.0 && q->confidence <= 1.0))
            fuzz_fail("quote %zu: confidence %g", i, q->confidence);
        /* Touch every string so ASan sees a dangling one. */
        const char *strs[] = {q->speaker, q->mention, q->cue, q->rule, q->resolution};
        volatile size_t sum = 0;
        for (size_t k = 0; k < sizeof(strs) / sizeof(*strs); k++)
            if (strs[k])
                sum += strlen(strs[k]);
        (void)sum;
        (void)text;
    }
}

/* Writes `res` in every format and checks the records: JSON Lines has one
 * valid JSON object a quote, the JSON array is one valid value, TSV has a
 * header and one line of 10 fields a quote. */
static inline void fuzz_check_writers(const char *id, const char *text, size_t length,
                               const ws_result *res, const char *lang)
{
    size_t count = ws_result_count(res);
    for (int flags = 0; flags <= WS_WRITE_EXPLAIN; flags += WS_WRITE_EXPLAIN) {
        ws_buffer out = {0};
        int first = 1;
        if (ws_write_records(&out, WS_FORMAT_JSONL, flags, id, text, length, res, lang,
                             &first) != WS_OK)
            fuzz_fail("ws_write_records(jsonl) failed");
        size_t lines = 0, pos = 0;
        while (pos < out.length) {
            const char *nl = memchr(out.data + pos, '\n', out.length - pos);
            if (!nl)
                fuzz_fail("JSONL output does not end with a newline");
            size_t len = (size_t)(nl - (out.data + pos));
            if (!fuzz_json_valid(out.data + pos, len) || out.data[pos] != '{')
                fuzz_fail("JSONL record %zu is not a JSON object: %.*s", lines,
                          (int)(len > 400 ? 400 : len), out.data + pos);
            lines++;
            pos += len + 1;
        }
        if (lines != count)
            fuzz_fail("%zu JSONL records for %zu quotes", lines, count);
        free(out.data);
    }

    ws_buffer out = {0};
    int first = 1;
    ws_buffer_append(&out, "[", 1);
    if (ws_write_records(&out, WS_FORMAT_JSON, WS_WRITE_EXPLAIN, id, text, length,
                         res, lang, &first) != WS_OK)
        fuzz_fail("ws_write_records(json) failed");
    if (ws_write_error(&out, WS_FORMAT_JSON, id, "an error\n\"quoted\"", 7, &first))
        fuzz_fail("ws_write_error(json) failed");
    ws_buffer_append(&out, "\n]\n", 3);
    if (!fuzz_json_valid(out.data, out.length))
        fuzz_fail("JSON array output is not valid JSON");
    free(out.data);

    out = (ws_buffer){0};
    first = 1;
    if (ws_write_records(&out, WS_FORMAT_TSV, 0, id, text, length, res, lang, &first))
        fuzz_fail("ws_write_records(tsv) failed");
    size_t lines = 0;
    for (size_t pos = 0; pos < out.length;) {
        const char *nl = memchr(out.data + pos, '\n', out.length - pos);
        if (!nl)
            fuzz_fail("TSV output does not end with a newline");
        size_t len = (size_t)(nl - (out.data + pos)), tabs = 0;
        for (size_t k = 0; k < len; k++)
            tabs += out.data[pos + k] == '\t';
        if (tabs != 9)
            fuzz_fail("TSV line %zu has %zu fields, not 10", lines, tabs + 1);
        lines++;
        pos += len + 1;
    }
    if (lines != (count ? count + 1 : 0))
        fuzz_fail("%zu TSV lines for %zu quotes", lines, count);
    free(out.data);
}

#endif

/* The record writers: JSON Lines (default), JSON array, TSV.  Keys come in
 * a fixed order so golden files diff cleanly; strings are escaped here and
 * nowhere else. */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ws_buffer_append(ws_buffer *out, const char *s, size_t length)
{
    if (ws_vec_grow((void **)&out->data, &out->capacity, out->length + length + 1, 1))
        return WS_ERR_NOMEM;
    memcpy(out->data + out->length, s, length);
    out->length += length;
    out->data[out->length] = '\0';
    return WS_OK;
}

static int append_str(ws_buffer *out, const char *s)
{
    return ws_buffer_append(out, s, strlen(s));
}

/* Numbers by hand: snprintf was a tenth of the writer's time. */
static int append_fmt_size(ws_buffer *out, size_t v)
{
    char num[24];
    char *p = num + sizeof(num);
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    return ws_buffer_append(out, p, (size_t)(num + sizeof(num) - p));
}

/* c in [0,1] in hundredths, rounded as printf's "%.2f" rounds: the exact
 * value to nearest, ties to even.  c * 100 is inexact, but fma() gives the
 * exact sign of c * 100 - x. */
static unsigned hundredths_of(double c)
{
    if (!(c > 0))
        return 0;
    if (c >= 1)
        return 100;
    unsigned h = (unsigned)(c * 100); /* may be one off */
    if (fma(c, 100, -(double)h) < 0)
        h--;
    else if (fma(c, 100, -(double)(h + 1)) >= 0)
        h++;
    double rest = fma(c, 100, -(h + 0.5));
    return h + (rest > 0 || (rest == 0 && h % 2));
}

static int append_confidence(ws_buffer *out, double c)
{
    unsigned hundredths = hundredths_of(c);
    char num[4] = {(char)('0' + hundredths / 100), '.', (char)('0' + hundredths / 10 % 10),
                   (char)('0' + hundredths % 10)};
    return ws_buffer_append(out, num, sizeof(num));
}

int ws_buffer_json_string(ws_buffer *out, const char *s, size_t length)
{
    if (ws_vec_grow((void **)&out->data, &out->capacity, out->length + length + 3, 1))
        return WS_ERR_NOMEM;
    int err = ws_buffer_append(out, "\"", 1);
    size_t run = 0; /* start of the pending run of plain bytes */
    for (size_t i = 0; !err && i < length;) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char ubuf[8];
        size_t n = 1;
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c < 0x20 || c == 0x7F) {
            snprintf(ubuf, sizeof(ubuf), "\\u%04x", c);
            esc = ubuf;
        } else if (c >= 0x80) {
            n = ws_utf8_valid_length(s, length, i);
            if (n == 0) {
                esc = "\xEF\xBF\xBD"; /* U+FFFD for an invalid byte */
                n = 1;
            } else if (n == 3 && c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
                       ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
                /* U+2028/2029 break JavaScript readers of JSON. */
                esc = (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
            }
        }
        if (esc) {
            err = ws_buffer_append(out, s + run, i - run);
            if (!err)
                err = append_str(out, esc);
            run = i + n;
        }
        i += n;
    }
    if (!err)
        err = ws_buffer_append(out, s + run, length - run);
    if (!err)
        err = ws_buffer_append(out, "\"", 1);
    return err;
}

static int json_cstring(ws_buffer *out, const char *s)
{
    return s ? ws_buffer_json_string(out, s, strlen(s)) : append_str(out, "null");
}

static int json_offset(ws_buffer *out, size_t v)
{
    return v == WS_NONE ? append_str(out, "null") : append_fmt_size(out, v);
}

static int key(ws_buffer *out, const char *name)
{
    int err = append_str(out, ",\"");
    if (!err)
        err = append_str(out, name);
    return err ? err : append_str(out, "\":");
}

static int span_object(ws_buffer *out, const char *text, size_t start, size_t end)
{
    int err = append_str(out, "{\"text\":");
    err = err ? err : ws_buffer_json_string(out, text + start, end - start);
    err = err ? err : key(out, "start");
    err = err ? err : append_fmt_size(out, start);
    err = err ? err : key(out, "end");
    err = err ? err : append_fmt_size(out, end);
    return err ? err : append_str(out, "}");
}

static int json_record(ws_buffer *out, int flags, const char *id,
                       const char *text, const ws_quote *q, const char *lang)
{
    int err = append_str(out, "{\"doc\":");
    err = err ? err : json_cstring(out, id);
    err = err ? err : key(out, "quote");
    err = err ? err : ws_buffer_json_string(out, text + q->start, q->end - q->start);
    err = err ? err : key(out, "start");
    err = err ? err : append_fmt_size(out, q->start);
    err = err ? err : key(out, "end");
    err = err ? err : append_fmt_size(out, q->end);
    err = err ? err : key(out, "speaker");
    err = err ? err : json_cstring(out, q->speaker);
    err = err ? err : key(out, "mention");
    err = err ? err : json_cstring(out, q->mention);
    err = err ? err : key(out, "mention_start");
    err = err ? err : json_offset(out, q->mention_start);
    err = err ? err : key(out, "mention_end");
    err = err ? err : json_offset(out, q->mention_end);
    err = err ? err : key(out, "cue");
    err = err ? err : json_cstring(out, q->cue);
    err = err ? err : key(out, "kind");
    err = err ? err : json_cstring(out, ws_kind_name(q->kind));
    err = err ? err : key(out, "paragraph");
    err = err ? err : append_fmt_size(out, q->paragraph);
    err = err ? err : key(out, "sentence");
    err = err ? err : append_fmt_size(out, q->sentence);
    err = err ? err : key(out, "rule");
    err = err ? err : json_cstring(out, q->rule);
    err = err ? err : key(out, "confidence");
    err = err ? err : append_confidence(out, q->confidence);
    if (lang) {
        err = err ? err : key(out, "lang");
        err = err ? err : json_cstring(out, lang);
    }
    if (flags & WS_WRITE_EXPLAIN) {
        err = err ? err : key(out, "cue_start");
        err = err ? err : json_offset(out, q->cue_start);
        err = err ? err : key(out, "cue_end");
        err = err ? err : json_offset(out, q->cue_end);
        err = err ? err : key(out, "resolution");
        err = err ? err : json_cstring(out, q->resolution);
        /* The chain: the mention at (or carried to) the quote, then the
         * place where the speaker's canonical form was found. */
        err = err ? err : key(out, "chain");
        err = err ? err : append_str(out, "[");
        if (q->mention_start != WS_NONE)
            err = err ? err : span_object(out, text, q->mention_start, q->mention_end);
        if (q->speaker_start != WS_NONE &&
            (q->speaker_start != q->mention_start || q->speaker_end != q->mention_end)) {
            if (q->mention_start != WS_NONE)
                err = err ? err : append_str(out, ",");
            err = err ? err : span_object(out, text, q->speaker_start, q->speaker_end);
        }
        err = err ? err : append_str(out, "]");
    }
    return err ? err : append_str(out, "}");
}

/* A TSV field: tabs, line ends and backslashes escaped, other control
 * bytes read as spaces and invalid UTF-8 as U+FFFD (as in the JSON), so a
 * line is always one valid UTF-8 record; NULL is empty. */
static int tsv_field(ws_buffer *out, const char *s, size_t length, bool last)
{
    int err = WS_OK;
    for (size_t i = 0; s && !err && i < length;) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80 ? 1 : ws_utf8_valid_length(s, length, i);
        if (c == '\t')
            err = append_str(out, "\\t");
        else if (c == '\n')
            err = append_str(out, "\\n");
        else if (c == '\r')
            err = append_str(out, "\\r");
        else if (c == '\\')
            err = append_str(out, "\\\\");
        else if (c < 0x20 || c == 0x7F)
            err = append_str(out, " ");
        else if (n == 0)
            err = append_str(out, "\xEF\xBF\xBD");
        else
            err = ws_buffer_append(out, s + i, n);
        i += n ? n : 1;
    }
    return err ? err : append_str(out, last ? "\n" : "\t");
}

static int tsv_cstring(ws_buffer *out, const char *s)
{
    return tsv_field(out, s, s ? strlen(s) : 0, false);
}

static int tsv_record(ws_buffer *out, const char *id, const char *text,
                      const ws_quote *q)
{
    int err = tsv_cstring(out, id);
    err = err ? err : append_fmt_size(out, q->start);
    err = err ? err : append_str(out, "\t");
    err = err ? err : append_fmt_size(out, q->end);
    err = err ? err : append_str(out, "\t");
    err = err ? err : tsv_cstring(out, q->speaker);
    err = err ? err : tsv_cstring(out, q->mention);
    err = err ? err : tsv_cstring(out, q->cue);
    err = err ? err : tsv_cstring(out, ws_kind_name(q->kind));
    err = err ? err : tsv_cstring(out, q->rule);
    err = err ? err : append_confidence(out, q->confidence);
    err = err ? err : append_str(out, "\t");
    return err ? err : tsv_field(out, text + q->start, q->end - q->start, true);
}

static const char tsv_header[] =
    "doc\tstart\tend\tspeaker\tmention\tcue\tkind\trule\tconfidence\tquote\n";

int ws_write_records(ws_buffer *out, ws_format format, int flags,
                     const char *id, const char *text, size_t length,
                     const ws_result *result, const char *lang, int *first)
{
    (void)length;
    int err = WS_OK;
    for (size_t i = 0; !err && i < ws_result_count(result); i++) {
        const ws_quote *q = ws_result_quote(result, i);
        switch (format) {
        case WS_FORMAT_TSV:
            if (*first)
                err = append_str(out, tsv_header);
            err = err ? err : tsv_record(out, id, text, q);
            break;
        case WS_FORMAT_JSON:
            err = append_str(out, *first ? "\n" : ",\n");
            err = err ? err : json_record(out, flags, id, text, q, lang);
            break;
        default:
            err = json_record(out, flags, id, text, q, lang);
            err = err ? err : append_str(out, "\n");
        }
        *first = 0;
    }
    return err;
}

int ws_write_error(ws_buffer *out, ws_format format, const char *id,
                   const char *message, size_t line, int *first)
{
    int err;
    if (format == WS_FORMAT_TSV) {
        /* TSV has no room for errors: they go to stderr only. */
        return WS_OK;
    }
    err = append_str(out, format == WS_FORMAT_JSON ? (*first ? "\n" : ",\n") : "");
    err = err ? err : append_str(out, "{\"doc\":");
    err = err ? err : json_cstring(out, id);
    err = err ? err : key(out, "error");
    err = err ? err : json_cstring(out, message);
    if (line) {
        err = err ? err : key(out, "line");
        err = err ? err : append_fmt_size(out, line);
    }
    err = err ? err : append_str(out, format == WS_FORMAT_JSON ? "}" : "}\n");
    *first = 0;
    return err;
}

/* The document: the caller's bytes, an analysis copy of the same length
 * (so every offset found in the copy is an offset into the input), and
 * its paragraphs. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Invalid bytes become SUB (0x1A) in the analysis copy: one byte for one
 * byte keeps offsets exact, and SUB is a symbol that no rule matches,
 * which is how U+FFFD would be treated. */
#define WS_SUBSTITUTE 0x1A

static int sanitise(ws_document *doc, bool strict)
{
    const char *s = doc->source;
    char *t = doc->text;
    size_t len = doc->length;

    for (size_t i = 0; i < len;) {
        /* Eight printable ASCII bytes at a time: a byte under 0x20 borrows
         * into its high bit, a byte over 0x7F has it set. */
        uint64_t x;
        while (i + 8 <= len && (memcpy(&x, s + i, 8),
                                !((x | (x - 0x2020202020202020ULL)) & 0x8080808080808080ULL))) {
            memcpy(t + i, &x, 8);
            i += 8;
        }
        if (i == len)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80) {
            t[i] = (char)c;
            i++;
            continue;
        }
        if (c < 0x80) {
            /* NUL and other controls but tab and line ends read as spaces. */
            t[i] = (c == '\t' || c == '\n' || c == '\r') ? (char)c : ' ';
            i++;
            continue;
        }
        size_t n = ws_utf8_valid_length(s, len, i);
        if (n == 0) {
            if (doc->invalid_count++ == 0)
                doc->invalid_first = i;
            if (strict)
                return WS_ERR_INVALID_UTF8;
            t[i++] = WS_SUBSTITUTE;
            continue;
        }
        if (n == 3 && c == 0xEF && (unsigned char)s[i + 1] == 0xBB &&
            (unsigned char)s[i + 2] == 0xBF) {
            memset(t + i, ' ', 3); /* a byte-order mark, at the start or not */
        } else {
            memcpy(t + i, s + i, n);
        }
        i += n;
    }
    t[len] = '\0';
    return WS_OK;
}

static bool blank(const char *t, size_t start, size_t end)
{
    for (size_t i = start; i < end; i++)
        if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r')
            return false;
    return true;
}

static int add_paragraph(ws_document *doc, size_t start, size_t end,
                         size_t max_paragraph)
{
    const char *t = doc->text;
    while (start < end && (t[start] == ' ' || t[start] == '\t' ||
                           t[start] == '\r' || t[start] == '\n'))
        start++;
    while (end > start && (t[end - 1] == ' ' || t[end - 1] == '\t' ||
                           t[end - 1] == '\r' || t[end - 1] == '\n'))
        end--;
    if (start == end)
        return WS_OK;
    if (end - start > max_paragraph)
        return WS_ERR_TOO_LARGE;
    return WS_VEC_PUSH(doc->paragraphs, ((ws_span){start, end}));
}

/* Does the line ending at `end` close a sentence (so that a single line
 * break after it starts a new paragraph)? */
static bool ends_sentence(const char *t, size_t start, size_t end)
{
    while (end > start && (t[end - 1] == ' ' || t[end - 1] == '\t' || t[end - 1] == '\r'))
        end--;
    if (end == start)
        return false;
    unsigned char c = (unsigned char)t[end - 1];
    if (strchr(".!?:\"')", c))
        return true;
    /* ” ’ » (UTF-8 E2 80 9D, E2 80 99, C2 BB) */
    return end - start >= 2 && ((end - start >= 3 && (unsigned char)t[end - 3] == 0xE2 &&
                                 (unsigned char)t[end - 2] == 0x80 &&
                                 (c == 0x9D || c == 0x99)) ||
                                ((unsigned char)t[end - 2] == 0xC2 && c == 0xBB));
}

/* Paragraphs are separated by blank lines, and by single line breaks
 * after a finished sentence (many scrapes put one paragraph a line); a
 * line break inside a sentence (hard-wrapped text) does not split. */
static int split_paragraphs(ws_document *doc, size_t max_paragraph)
{
    const char *t = doc->text;
    size_t len = doc->length;
    size_t para = 0, line = 0;
    for (size_t i = 0; i <= len; i++) {
        const char *nl = i < len ? memchr(t + i, '\n', len - i) : NULL;
        i = nl ? (size_t)(nl - t) : len;
        bool split = i == len || blank(t, line, i) || ends_sentence(t, line, i);
        if (split) {
            int err = add_paragraph(doc, para, i, max_paragraph);
            if (err)
                return err;
            para = i + 1;
        }
        line = i + 1;
    }
    return WS_OK;
}

int ws_document_load(ws_document *doc, const char *text, size_t length,
                     bool strict, size_t max_paragraph)
{
    char *copy = realloc(doc->text, length + 1);
    if (!copy)
        return WS_ERR_NOMEM;
    doc->text = copy;
    doc->source = text;
    doc->length = length;
    doc->paragraphs.count = 0;
    doc->sentences.count = 0;
    doc->invalid_first = WS_NONE;
    doc->invalid_count = 0;
    int err = sanitise(doc, strict);
    if (err)
        return err;
    return split_paragraphs(doc, max_paragraph);
}

void ws_document_release(ws_document *doc)
{
    free(doc->text);
    free(doc->paragraphs.items);
    free(doc->sentences.items);
    memset(doc, 0, sizeof(*doc));
}

/* Index of the last element of `starts` that is <= offset (0 if none). */
static size_t last_at_or_before(const size_t *starts, size_t count,
                                size_t stride, size_t offset)
{
    size_t lo = 0, hi = count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (*(const size_t *)((const char *)starts + mid * stride) <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

size_t ws_document_sentence_of(const ws_document *doc, size_t offset)
{
    if (doc->sentences.count == 0)
        return 0;
    return last_at_or_before(doc->sentences.items, doc->sentences.count,
                             sizeof(size_t), offset);
}

size_t ws_document_paragraph_of(const ws_document *doc, size_t offset)
{
    if (doc->paragraphs.count == 0)
        return 0;
    return last_at_or_before(&doc->paragraphs.items[0].start,
                             doc->paragraphs.count, sizeof(ws_span), offset);
}

/* One of the first short lines with no closing full stop. */
bool ws_document_is_headline(const ws_document *doc, size_t index)
{
    if (index >= 4 || doc->paragraphs.count < 3)
        return false;
    ws_span p = doc->paragraphs.items[index];
    if (p.end - p.start > 300 || memchr(doc->text + p.start, '\n', p.end - p.start))
        return false;
    /* A headline has no closing full stop (quote marks aside). */
    size_t e = p.end;
    while (e > p.start) {
        size_t s;
        uint32_t c = ws_utf8_prev(doc->text, e, &s);
        if (c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == 0xBB ||
            c == 0xAB || c == 0x201C || ws_is_space(c)) /* "grève. »" */
            e = s;
        else
            return !(c == '.' || c == '!' || c == '?' || c == ':' || c == ';');
    }
    return false;
}

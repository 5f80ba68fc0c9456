/* Sentence segmentation: ICU's sentence BreakIterator straight over the
 * UTF-8 analysis copy (a UText, so boundaries come back as byte offsets
 * and no UTF-16 copy is made), then our own abbreviation list from
 * rules/<lang>/abbreviations.txt removes the breaks ICU puts after
 * "Sen." or "U.S.". */
#include "internal.h"

#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

struct ws_segmenter {
    UBreakIterator *breaks;
    UText *utext;
};

ws_segmenter *ws_segmenter_new(const ws_rules *rules)
{
    ws_segmenter *seg = calloc(1, sizeof(*seg));
    if (!seg)
        return NULL;
    UErrorCode status = U_ZERO_ERROR;
    seg->breaks = ubrk_open(UBRK_SENTENCE, rules->locale, NULL, 0, &status);
    if (U_FAILURE(status)) {
        status = U_ZERO_ERROR;
        seg->breaks = ubrk_open(UBRK_SENTENCE, "", NULL, 0, &status);
    }
    if (U_FAILURE(status)) {
        free(seg);
        return NULL;
    }
    return seg;
}

void ws_segmenter_free(ws_segmenter *seg)
{
    if (!seg)
        return;
    ubrk_close(seg->breaks);
    utext_close(seg->utext);
    free(seg);
}

/* Are t[start,end) a person's initials ("A.", "H.W.") after a given
 * name, as in "Elizabeth A. Warren" or "George H.W. Bush"?  ICU ends a
 * sentence there. */
static bool after_initials(const char *t, size_t start, size_t end)
{
    if (!ws_initials(t, start, end))
        return false;
    size_t w = start;
    if (w < 2 || t[w - 1] != ' ')
        return false;
    w--;
    while (w > 0 && t[w - 1] != ' ' && t[w - 1] != '\n' && t[w - 1] != '\t')
        w--;
    size_t pos = w;
    uint32_t first = ws_utf8_next(t, start - 1, &pos);
    uint32_t last = ws_utf8_prev(t, start - 1, NULL);
    return w < start - 1 && ws_is_upper(first) && ws_is_letter(last);
}

/* Does the text before `boundary` end with a listed abbreviation? */
static bool after_abbreviation(const ws_document *doc, const ws_rules *rules,
                               size_t boundary)
{
    const char *t = doc->text;
    size_t end = boundary;
    while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\t'))
        end--;
    if (end == 0 || t[end - 1] != '.')
        return false;
    size_t start = end;
    while (start > 0 && t[start - 1] != ' ' && t[start - 1] != '\n' &&
           t[start - 1] != '\t' && t[start - 1] != '(' && t[start - 1] != '"' &&
           end - start < 16)
        start--;
    return ws_words_find(&rules->abbreviations, t + start, end - start) != NULL ||
           after_initials(t, start, end);
}

/* The sentences of [start,end), an ICU pass over just those bytes: a
 * paragraph follows a line break, where a sentence always starts, so
 * the boundaries are those of a pass over the whole text. */
static int segment_span(ws_segmenter *seg, ws_document *doc, const ws_rules *rules,
                        size_t start, size_t end)
{
    UErrorCode status = U_ZERO_ERROR;
    seg->utext = utext_openUTF8(seg->utext, doc->text + start, (int64_t)(end - start),
                                &status);
    if (U_FAILURE(status))
        return WS_ERR_ICU;
    ubrk_setUText(seg->breaks, seg->utext, &status);
    if (U_FAILURE(status))
        return WS_ERR_ICU;
    for (int32_t b = ubrk_next(seg->breaks); b != UBRK_DONE; b = ubrk_next(seg->breaks)) {
        size_t at = start + (size_t)b;
        if (at >= end)
            break;
        if (after_abbreviation(doc, rules, at))
            continue;
        if (WS_VEC_PUSH(doc->sentences, at))
            return WS_ERR_NOMEM;
    }
    return WS_OK;
}

int ws_segment(ws_segmenter *seg, ws_document *doc, const ws_rules *rules,
               const bool *wanted)
{
    doc->sentences.count = 0;
    if (WS_VEC_PUSH(doc->sentences, (size_t)0))
        return WS_ERR_NOMEM;
    /* Most paragraphs hold no quote; ICU is skipped there. */
    for (size_t p = 0; p < doc->paragraphs.count; p++) {
        ws_span para = doc->paragraphs.items[p];
        if (para.start > doc->sentences.items[doc->sentences.count - 1] &&
            WS_VEC_PUSH(doc->sentences, para.start))
            return WS_ERR_NOMEM;
        int err = wanted && !wanted[p] ? WS_OK
                                       : segment_span(seg, doc, rules, para.start, para.end);
        if (err)
            return err;
    }
    return WS_OK;
}

/* Language detection: the rule pack whose profile words
 * (rules/<lang>/profile.txt, the language's commonest function words)
 * occur most often among the first words of the document. */
#include "internal.h"

#define SAMPLE_BYTES 2000

/* A lead this large is never lost in the rest of the sample; stopping
 * there halves the time spent on a typical article. */
#define DECISIVE_LEAD 24

static bool decided(const unsigned *hits, size_t count)
{
    unsigned first = 0, second = 0;
    for (size_t i = 0; i < count; i++)
        if (hits[i] > first) {
            second = first;
            first = hits[i];
        } else if (hits[i] > second) {
            second = hits[i];
        }
    return first - second >= DECISIVE_LEAD;
}

size_t ws_detect_language(const ws_rules *const *packs, size_t count,
                          const char *text, size_t length)
{
    size_t best = 0;
    unsigned best_hits = 0;
    unsigned hits[16] = {0};
    if (count > 16)
        count = 16;
    size_t end = length < SAMPLE_BYTES ? length : SAMPLE_BYTES;
    for (size_t p = 0; p < end;) {
        size_t q = p;
        if (!ws_is_letter(ws_utf8_next(text, length, &q))) {
            p = q;
            continue;
        }
        size_t e = q;
        while (e < length) {
            size_t r = e;
            if (!ws_is_letter(ws_utf8_next(text, length, &r)))
                break;
            e = r;
        }
        /* Profile words are lower case: fold ASCII capitals ("Der"). */
        char word[32];
        size_t n = e - p;
        if (n < sizeof(word)) {
            for (size_t k = 0; k < n; k++) {
                char c = text[p + k];
                word[k] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
            }
            for (size_t i = 0; i < count; i++)
                if (ws_words_find(&packs[i]->profile, word, n))
                    hits[i]++;
        }
        p = e;
        if (decided(hits, count))
            break;
    }
    for (size_t i = 0; i < count; i++)
        if (hits[i] > best_hits) {
            best_hits = hits[i];
            best = i;
        }
    return best;
}

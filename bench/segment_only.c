/* The speed ceiling of whosaid: ICU sentence segmentation alone over the
 * same JSON Lines input, parsed the same way.  Prints sentences and
 * seconds; bench/bench.sh divides whosaid's speed by this one's. */
#include "json_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: segment_only FILE.jsonl\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, &st);
    UText *ut = NULL;
    if (U_FAILURE(st))
        return 1;
    char *line = NULL;
    size_t cap = 0, sentences = 0;
    ssize_t n;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while ((n = getline(&line, &cap, f)) > 0) {
        json_document d;
        if (!json_document_parse(line, (size_t)n, &d)) {
            st = U_ZERO_ERROR;
            ut = utext_openUTF8(ut, d.text, (int64_t)d.text_length, &st);
            ubrk_setUText(bi, ut, &st);
            while (ubrk_next(bi) != UBRK_DONE)
                sentences++;
        }
        json_document_clear(&d);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%zu sentences %.3f s\n", sentences,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    free(line);
    utext_close(ut);
    ubrk_close(bi);
    fclose(f);
    return 0;
}

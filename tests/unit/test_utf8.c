/* utf8.c: decoding forwards and backwards, validation, character classes. */
#include "unit.h"

#include <string.h>

/* Decodes one code point of s (length n) at 0; checks value and advance. */
static void next_is(const char *s, size_t n, uint32_t cp, size_t advance)
{
    size_t pos = 0;
    ck_assert_uint_eq(ws_utf8_next(s, n, &pos), cp);
    ck_assert_uint_eq(pos, advance);
}

static void invalid_at_0(const char *s, size_t n)
{
    ck_assert_uint_eq(ws_utf8_valid_length(s, n, 0), 0);
    next_is(s, n, 0xFFFD, 1);
}

START_TEST(valid_sequences)
{
    ck_assert_uint_eq(ws_utf8_valid_length("A", 1, 0), 1);
    next_is("A", 1, 'A', 1);
    next_is("\x7F", 1, 0x7F, 1);
    ck_assert_uint_eq(ws_utf8_valid_length("\xC3\xA9", 2, 0), 2);
    next_is("\xC3\xA9", 2, 0xE9, 2);                 /* é */
    next_is("\xC2\x80", 2, 0x80, 2);                 /* smallest 2-byte */
    next_is("\xDF\xBF", 2, 0x7FF, 2);                /* largest 2-byte */
    ck_assert_uint_eq(ws_utf8_valid_length("\xE2\x82\xAC", 3, 0), 3);
    next_is("\xE2\x82\xAC", 3, 0x20AC, 3);           /* € */
    next_is("\xE0\xA0\x80", 3, 0x800, 3);            /* smallest 3-byte */
    next_is("\xED\x9F\xBF", 3, 0xD7FF, 3);           /* just below surrogates */
    next_is("\xEE\x80\x80", 3, 0xE000, 3);           /* just above surrogates */
    next_is("\xEF\xBF\xBF", 3, 0xFFFF, 3);
    ck_assert_uint_eq(ws_utf8_valid_length("\xF0\x9F\x98\x80", 4, 0), 4);
    next_is("\xF0\x9F\x98\x80", 4, 0x1F600, 4);      /* 😀 */
    next_is("\xF0\x90\x80\x80", 4, 0x10000, 4);
    next_is("\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4);     /* the last code point */
}
END_TEST

START_TEST(walk_mixed_string)
{
    const char *s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";
    size_t n = strlen(s), pos = 0;
    const uint32_t want[] = {'a', 0xE9, 0x20AC, 0x1F600, 'z'};
    const size_t ends[] = {1, 3, 6, 10, 11};
    for (size_t i = 0; i < 5; i++) {
        ck_assert_uint_eq(ws_utf8_next(s, n, &pos), want[i]);
        ck_assert_uint_eq(pos, ends[i]);
    }
    /* And backwards. */
    size_t at = n;
    for (size_t i = 5; i-- > 0;) {
        size_t start = 999;
        ck_assert_uint_eq(ws_utf8_prev(s, at, &start), want[i]);
        ck_assert_uint_eq(start, i ? ends[i - 1] : 0);
        at = start;
    }
    ck_assert_uint_eq(at, 0);
}
END_TEST

START_TEST(truncated_sequences)
{
    invalid_at_0("\xC3", 1);
    invalid_at_0("\xE2\x82", 2);
    invalid_at_0("\xE2", 1);
    invalid_at_0("\xF0\x9F\x98", 3);
    invalid_at_0("\xF0\x9F", 2);
    /* Cut short by the given length although more bytes follow. */
    invalid_at_0("\xE2\x82\xAC", 2);
    invalid_at_0("\xF0\x9F\x98\x80", 3);
    /* A lead byte followed by a non-continuation. */
    invalid_at_0("\xC3" "A", 2);
    invalid_at_0("\xE2\x82" "A", 3);
    invalid_at_0("\xF0\x9F\x98" "A", 4);
    /* After the bad lead byte, decoding resumes at the next byte. */
    const char *s = "\xE2\x82" "A";
    size_t pos = 0;
    ck_assert_uint_eq(ws_utf8_next(s, 3, &pos), 0xFFFD);
    ck_assert_uint_eq(pos, 1);
    ck_assert_uint_eq(ws_utf8_next(s, 3, &pos), 0xFFFD); /* lone 0x82 */
    ck_assert_uint_eq(pos, 2);
    ck_assert_uint_eq(ws_utf8_next(s, 3, &pos), 'A');
    ck_assert_uint_eq(pos, 3);
}
END_TEST

START_TEST(lone_continuation_bytes)
{
    invalid_at_0("\x80", 1);
    invalid_at_0("\xBF", 1);
    invalid_at_0("\x80\x80\x80", 3);
    /* In the middle of a valid sequence, a position is not a start. */
    ck_assert_uint_eq(ws_utf8_valid_length("\xE2\x82\xAC", 3, 1), 0);
    ck_assert_uint_eq(ws_utf8_valid_length("\xE2\x82\xAC", 3, 2), 0);
}
END_TEST

START_TEST(overlong_forms)
{
    invalid_at_0("\xC0\x80", 2);         /* NUL in two bytes */
    invalid_at_0("\xC1\xBF", 2);         /* 0x7F in two bytes */
    invalid_at_0("\xC0\xAF", 2);         /* '/' in two bytes */
    invalid_at_0("\xE0\x80\x80", 3);     /* NUL in three bytes */
    invalid_at_0("\xE0\x9F\xBF", 3);     /* 0x7FF in three bytes */
    invalid_at_0("\xF0\x80\x80\x80", 4); /* NUL in four bytes */
    invalid_at_0("\xF0\x8F\xBF\xBF", 4); /* 0xFFFF in four bytes */
}
END_TEST

START_TEST(surrogates_and_out_of_range)
{
    invalid_at_0("\xED\xA0\x80", 3);     /* U+D800 */
    invalid_at_0("\xED\xBF\xBF", 3);     /* U+DFFF */
    invalid_at_0("\xED\xB0\x80", 3);     /* U+DC00 */
    invalid_at_0("\xF4\x90\x80\x80", 4); /* U+110000 */
    /* CESU-8 style pair: both halves are invalid. */
    const char *cesu = "\xED\xA0\xBD\xED\xB8\x80";
    size_t pos = 0, count = 0;
    while (pos < 6) {
        ck_assert_uint_eq(ws_utf8_next(cesu, 6, &pos), 0xFFFD);
        count++;
    }
    ck_assert_uint_eq(count, 6);
}
END_TEST

START_TEST(bytes_f5_to_ff)
{
    for (unsigned b = 0xF5; b <= 0xFF; b++) {
        char s[5] = {(char)b, '\x80', '\x80', '\x80', 0};
        invalid_at_0(s, 4);
    }
    /* Overlong two-byte leads C0 and C1 with any continuation. */
    for (unsigned b = 0x80; b <= 0xBF; b++) {
        char s0[2] = {'\xC0', (char)b}, s1[2] = {'\xC1', (char)b};
        invalid_at_0(s0, 2);
        invalid_at_0(s1, 2);
    }
}
END_TEST

START_TEST(prev_on_invalid)
{
    size_t start = 999;
    /* A lone continuation byte after ASCII. */
    ck_assert_uint_eq(ws_utf8_prev("a\x80", 2, &start), 0xFFFD);
    ck_assert_uint_eq(start, 1);
    /* A truncated sequence: one byte back, not to its lead. */
    ck_assert_uint_eq(ws_utf8_prev("a\xE2\x82", 3, &start), 0xFFFD);
    ck_assert_uint_eq(start, 2);
    /* More continuation bytes than any sequence has. */
    ck_assert_uint_eq(ws_utf8_prev("\x80\x80\x80\x80\x80", 5, &start), 0xFFFD);
    ck_assert_uint_eq(start, 4);
    /* An invalid byte does not hide the ASCII after it. */
    ck_assert_uint_eq(ws_utf8_prev("\xE2\x82" "A", 3, &start), 'A');
    ck_assert_uint_eq(start, 2);
    /* Overlong and surrogate forms read backwards are invalid too. */
    ck_assert_uint_eq(ws_utf8_prev("\xC0\x80", 2, &start), 0xFFFD);
    ck_assert_uint_eq(start, 1);
    ck_assert_uint_eq(ws_utf8_prev("x\xED\xA0\x80", 4, &start), 0xFFFD);
    ck_assert_uint_eq(start, 3);
    /* A valid sequence right at the start of the buffer; NULL start is allowed. */
    ck_assert_uint_eq(ws_utf8_prev("\xE2\x82\xAC", 3, NULL), 0x20AC);
    ck_assert_uint_eq(ws_utf8_prev("\xF0\x9F\x98\x80", 4, &start), 0x1F600);
    ck_assert_uint_eq(start, 0);
}
END_TEST

START_TEST(character_classes)
{
    ck_assert(ws_is_space(' '));
    ck_assert(ws_is_space('\n'));
    ck_assert(ws_is_space(0xA0));    /* no-break space */
    ck_assert(ws_is_space(0x202F));  /* narrow no-break space */
    ck_assert(ws_is_space(0x2003));  /* em space */
    ck_assert(!ws_is_space('a'));
    ck_assert(!ws_is_space(0x1A));
    ck_assert(ws_is_letter('a'));
    ck_assert(ws_is_letter('Z'));
    ck_assert(ws_is_letter(0xE9));   /* é */
    ck_assert(ws_is_letter(0x416));  /* Ж */
    ck_assert(!ws_is_letter('1'));
    ck_assert(!ws_is_letter('@'));
    ck_assert(!ws_is_letter('['));
    ck_assert(!ws_is_letter(0xFFFD));
    ck_assert(ws_is_upper('A'));
    ck_assert(!ws_is_upper('a'));
    ck_assert(ws_is_upper(0xC9));    /* É */
    ck_assert(!ws_is_upper(0xE9));
    ck_assert(ws_is_digit('7'));
    ck_assert(!ws_is_digit('x'));
    ck_assert(ws_is_digit(0x663));   /* Arabic-Indic three */
}
END_TEST

Suite *utf8_suite(void)
{
    Suite *s = suite_create("utf8");
    TCase *tc = tcase_create("decode");
    tcase_add_test(tc, valid_sequences);
    tcase_add_test(tc, walk_mixed_string);
    tcase_add_test(tc, truncated_sequences);
    tcase_add_test(tc, lone_continuation_bytes);
    tcase_add_test(tc, overlong_forms);
    tcase_add_test(tc, surrogates_and_out_of_range);
    tcase_add_test(tc, bytes_f5_to_ff);
    tcase_add_test(tc, prev_on_invalid);
    tcase_add_test(tc, character_classes);
    suite_add_tcase(s, tc);
    return s;
}

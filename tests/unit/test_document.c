/* document.c: the analysis copy and the paragraph split. */
#include "unit.h"

#include <string.h>

#define BIG ((size_t)1 << 20)

static ws_document doc;

static void setup(void)
{
    memset(&doc, 0, sizeof(doc));
}

static void teardown(void)
{
    ws_document_release(&doc);
}

static int load(const char *s, size_t n)
{
    return ws_document_load(&doc, s, n, false, BIG);
}

static void para_is(size_t i, size_t start, size_t end)
{
    ck_assert_uint_gt(doc.paragraphs.count, i);
    ck_assert_uint_eq(doc.paragraphs.items[i].start, start);
    ck_assert_uint_eq(doc.paragraphs.items[i].end, end);
}

START_TEST(blank_lines_split)
{
    const char *s = "First para.\n\nSecond para.";
    ck_assert_int_eq(load(s, strlen(s)), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 2);
    para_is(0, 0, 11);
    para_is(1, 13, 25);
    /* A "blank" line of spaces and tabs splits too, even mid-sentence. */
    s = "no end here\n  \t \nstill going";
    ck_assert_int_eq(load(s, strlen(s)), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 2);
    para_is(0, 0, 11);
    para_is(1, 17, 28);
}
END_TEST

START_TEST(single_newline_after_sentence)
{
    const char *s = "One sentence.\nAnother one.";
    ck_assert_int_eq(load(s, strlen(s)), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 2);
    para_is(0, 0, 13);
    para_is(1, 14, 26);
    /* After ?, !, a closing quote mark (straight or curly), », ). */
    const char *enders[] = {"Why?\nNext.", "Stop!\nNext.", "He said \"go.\"\nNext.",
                            "He said \xE2\x80\x9Cgo.\xE2\x80\x9D\nNext.",
                            "It is \xE2\x80\x98it\xE2\x80\x99\nNext.",
                            "Il dit \xC2\xAB oui \xC2\xBB\nNext.", "(An aside.)\nNext.",
                            "Trailing spaces.   \nNext."};
    for (size_t i = 0; i < sizeof(enders) / sizeof(*enders); i++) {
        ck_assert_int_eq(load(enders[i], strlen(enders[i])), WS_OK);
        ck_assert_msg(doc.paragraphs.count == 2, "'%s' gave %zu paragraphs",
                      enders[i], doc.paragraphs.count);
    }
}
END_TEST

START_TEST(no_split_inside_sentence)
{
    const char *s = "This line is hard\nwrapped in the middle\nof one sentence.";
    ck_assert_int_eq(load(s, strlen(s)), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 1);
    para_is(0, 0, strlen(s));
    s = "Hello,\nworld.";
    ck_assert_int_eq(load(s, strlen(s)), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 1);
}
END_TEST

START_TEST(crlf_line_ends)
{
    const char *s = "One.\r\n\r\nTwo.";
    ck_assert_int_eq(load(s, strlen(s)), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 2);
    para_is(0, 0, 4);
    para_is(1, 8, 12);
    s = "One.\r\nTwo.\r\n";
    ck_assert_int_eq(load(s, strlen(s)), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 2);
    para_is(0, 0, 4);
    para_is(1, 6, 10);
    s = "hard\r\nwrapped.\r\n";
    ck_assert_int_eq(load(s, strlen(s)), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 1);
    para_is(0, 0, 14);
    /* CR is kept in the analysis copy: offsets are not shifted. */
    ck_assert_int_eq(doc.text[4], '\r');
}
END_TEST

START_TEST(edges_trimmed_and_empty)
{
    const char *s = "  \n\n  Text here.  \n\n\n";
    ck_assert_int_eq(load(s, strlen(s)), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 1);
    para_is(0, 6, 16);
    ck_assert_int_eq(load("", 0), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 0);
    ck_assert_int_eq(load(" \n\t\r\n ", 6), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 0);
}
END_TEST

START_TEST(invalid_bytes_replaced)
{
    const char s[] = "ab\xFF" "cd\xC0\x80" "e\xE2\x82\xAC";
    size_t n = sizeof(s) - 1;
    ck_assert_int_eq(load(s, n), WS_OK);
    ck_assert_uint_eq(doc.length, n);
    ck_assert_ptr_eq(doc.source, s);
    ck_assert_int_eq(memcmp(doc.text, "ab\x1A" "cd\x1A\x1A" "e\xE2\x82\xAC", n), 0);
    ck_assert_int_eq(doc.text[n], '\0');
    ck_assert_uint_eq(doc.invalid_first, 2);
    ck_assert_uint_eq(doc.invalid_count, 3);
    /* The caller's bytes are untouched. */
    ck_assert_int_eq((unsigned char)s[2], 0xFF);
    /* A truncated sequence at the very end and a surrogate. */
    const char t[] = "x\xED\xA0\x80y\xE2\x82";
    ck_assert_int_eq(load(t, sizeof(t) - 1), WS_OK);
    ck_assert_int_eq(memcmp(doc.text, "x\x1A\x1A\x1Ay\x1A\x1A", 7), 0);
    ck_assert_uint_eq(doc.invalid_first, 1);
    ck_assert_uint_eq(doc.invalid_count, 5);
    /* Reloading a valid document resets the counters. */
    ck_assert_int_eq(load("fine.", 5), WS_OK);
    ck_assert_uint_eq(doc.invalid_first, WS_NONE);
    ck_assert_uint_eq(doc.invalid_count, 0);
    ck_assert_uint_eq(doc.paragraphs.count, 1);
}
END_TEST

START_TEST(strict_mode)
{
    const char s[] = "good \xF5 bad";
    ck_assert_int_eq(ws_document_load(&doc, s, sizeof(s) - 1, true, BIG),
                     WS_ERR_INVALID_UTF8);
    ck_assert_uint_eq(doc.invalid_first, 5);
    ck_assert_int_eq(ws_document_load(&doc, "caf\xC3\xA9.", 6, true, BIG), WS_OK);
    ck_assert_uint_eq(doc.invalid_count, 0);
    /* Through the public API too: no result on failure. */
    ws_result *r;
    ck_assert_int_eq(unit_extract_n(s, sizeof(s) - 1, NULL, WS_OPT_STRICT_UTF8, &r),
                     WS_ERR_INVALID_UTF8);
    ck_assert_ptr_null(r);
    /* Without strict mode, the result tells where the first bad byte is. */
    ck_assert_int_eq(unit_extract_n(s, sizeof(s) - 1, NULL, 0, &r), WS_OK);
    ck_assert_uint_eq(ws_result_invalid_utf8_offset(r), 5);
    ck_assert_uint_eq(ws_result_invalid_utf8_count(r), 1);
    ws_result_free(r);
}
END_TEST

START_TEST(nul_and_controls)
{
    const char s[] = "a\0b\x01" "c\td\x1F" "e\x7F";
    ck_assert_int_eq(load(s, sizeof(s) - 1), WS_OK);
    ck_assert_int_eq(memcmp(doc.text, "a b c\td e\x7F", 10), 0);
    ck_assert_uint_eq(doc.invalid_count, 0);
    ck_assert_uint_eq(doc.paragraphs.count, 1);
    para_is(0, 0, 10);
}
END_TEST

START_TEST(bom_becomes_spaces)
{
    const char s[] = "\xEF\xBB\xBFHello.\n\nMid\xEF\xBB\xBFword.";
    size_t n = sizeof(s) - 1;
    ck_assert_int_eq(load(s, n), WS_OK);
    ck_assert_int_eq(memcmp(doc.text, "   Hello.", 9), 0);
    ck_assert_int_eq(memcmp(doc.text + 11, "Mid   word.", 11), 0);
    ck_assert_uint_eq(doc.length, n);
    ck_assert_uint_eq(doc.paragraphs.count, 2);
    para_is(0, 3, 9);       /* the BOM is not part of the paragraph */
    para_is(1, 11, 22);
}
END_TEST

START_TEST(paragraph_limit)
{
    const char *s = "Short.\n\nThis paragraph is too long.";
    ck_assert_int_eq(ws_document_load(&doc, s, strlen(s), false, 10), WS_ERR_TOO_LARGE);
    /* Exactly at the limit is fine; the limit is per paragraph. */
    s = "0123456789\n\nabcdefghij";
    ck_assert_int_eq(ws_document_load(&doc, s, strlen(s), false, 10), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 2);
    s = "0123456789X";
    ck_assert_int_eq(ws_document_load(&doc, s, strlen(s), false, 10), WS_ERR_TOO_LARGE);
    /* Through the public API. */
    ws_limits lim = {0, 16, 0};
    ws_result *r;
    s = "Fine.\n\nThis one is much longer than sixteen bytes.";
    ck_assert_int_eq(unit_extract_n(s, strlen(s), &lim, 0, &r), WS_ERR_TOO_LARGE);
    ck_assert_ptr_null(r);
    /* And the document limit. */
    ws_limits dl = {8, 0, 0};
    ck_assert_int_eq(unit_extract_n("123456789", 9, &dl, 0, &r), WS_ERR_TOO_LARGE);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(unit_extract_n("12345678", 8, &dl, 0, &r), WS_OK);
    ck_assert_ptr_nonnull(r);
    ws_result_free(r);
}
END_TEST

START_TEST(paragraph_of_offsets)
{
    const char *s = "One.\n\nTwo.\n\nThree.";
    ck_assert_int_eq(load(s, strlen(s)), WS_OK);
    ck_assert_uint_eq(doc.paragraphs.count, 3);
    ck_assert_uint_eq(ws_document_paragraph_of(&doc, 0), 0);
    ck_assert_uint_eq(ws_document_paragraph_of(&doc, 3), 0);
    ck_assert_uint_eq(ws_document_paragraph_of(&doc, 6), 1);
    ck_assert_uint_eq(ws_document_paragraph_of(&doc, 9), 1);
    ck_assert_uint_eq(ws_document_paragraph_of(&doc, 12), 2);
    ck_assert_uint_eq(ws_document_paragraph_of(&doc, 17), 2);
}
END_TEST

Suite *document_suite(void)
{
    Suite *s = suite_create("document");
    TCase *tc = tcase_create("load");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_unchecked_fixture(tc, unit_rules_fixture, NULL);
    tcase_add_test(tc, blank_lines_split);
    tcase_add_test(tc, single_newline_after_sentence);
    tcase_add_test(tc, no_split_inside_sentence);
    tcase_add_test(tc, crlf_line_ends);
    tcase_add_test(tc, edges_trimmed_and_empty);
    tcase_add_test(tc, invalid_bytes_replaced);
    tcase_add_test(tc, strict_mode);
    tcase_add_test(tc, nul_and_controls);
    tcase_add_test(tc, bom_becomes_spaces);
    tcase_add_test(tc, paragraph_limit);
    tcase_add_test(tc, paragraph_of_offsets);
    suite_add_tcase(s, tc);
    return s;
}

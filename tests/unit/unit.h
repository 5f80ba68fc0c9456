/* Shared declarations of the unit-test suites. */
#ifndef WS_UNIT_H
#define WS_UNIT_H

#include <check.h>
#include <stddef.h>

#include "internal.h"

#ifndef RULES_DIR
#error "RULES_DIR must name the in-tree rules folder"
#endif

Suite *utf8_suite(void);
Suite *document_suite(void);
Suite *scan_suite(void);
Suite *rules_suite(void);
Suite *attrib_suite(void);
Suite *json_suite(void);
Suite *cli_suite(void);

/* The in-tree English rules, loaded once (aborts the test on failure). */
ws_rules *unit_rules(void);
/* unit_rules() as an unchecked fixture: loaded once, in the parent. */
void unit_rules_fixture(void);
void unit_rules_release(void);

/* Runs ws_extract on a NUL-terminated text with a fresh default
 * extractor; returns the error code and sets *out. */
int unit_extract(const char *text, ws_result **out);
int unit_extract_n(const char *text, size_t length, const ws_limits *limits,
                   int options, ws_result **out);

/* Asserts that quote `q` covers exactly `expected` within `text`. */
#define ck_assert_quote_text(text, q, expected)                                 \
    do {                                                                       \
        const ws_quote *q_ = (q);                                              \
        ck_assert_ptr_nonnull(q_);                                             \
        ck_assert_uint_le(q_->start, q_->end);                                 \
        ck_assert_uint_eq(q_->end - q_->start, strlen(expected));              \
        ck_assert_int_eq(memcmp((text) + q_->start, (expected), strlen(expected)), 0); \
    } while (0)

#endif

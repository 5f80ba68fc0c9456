/* The unit-test runner: every suite in one SRunner. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

static ws_rules *shared_rules;

ws_rules *unit_rules(void)
{
    if (!shared_rules) {
        int err = 0;
        shared_rules = ws_rules_load(RULES_DIR, "en", NULL, NULL, &err);
        ck_assert_msg(shared_rules != NULL, "cannot load %s: %s", RULES_DIR,
                      ws_strerror(err));
    }
    return shared_rules;
}

void unit_rules_fixture(void)
{
    (void)unit_rules();
}

void unit_rules_release(void)
{
    ws_rules_free(shared_rules);
    shared_rules = NULL;
}

int unit_extract_n(const char *text, size_t length, const ws_limits *limits,
                   int options, ws_result **out)
{
    ws_extractor *ex = ws_extractor_new(unit_rules(), options, limits);
    ck_assert_ptr_nonnull(ex);
    *out = (ws_result *)0x1; /* must be overwritten */
    int err = ws_extract(ex, "test", text, length, out);
    ws_extractor_free(ex);
    return err;
}

int unit_extract(const char *text, ws_result **out)
{
    return unit_extract_n(text, strlen(text), NULL, 0, out);
}

int main(void)
{
    SRunner *sr = srunner_create(utf8_suite());
    srunner_add_suite(sr, document_suite());
    srunner_add_suite(sr, scan_suite());
    srunner_add_suite(sr, rules_suite());
    srunner_add_suite(sr, attrib_suite());
    srunner_add_suite(sr, json_suite());
    srunner_add_suite(sr, cli_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    unit_rules_release();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

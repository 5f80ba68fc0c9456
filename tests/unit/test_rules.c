/* rules.c: loading the in-tree pack and reporting malformed packs. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a temporary rules folder ---- */

static char tmp_root[64];
static char tmp_lang[128];

#define N_FILES 4
static const char *const file_names[] = {"titles.txt", "pronouns.txt", "cues.txt",
                                         "patterns.rules", /* optional ones: */
                                         "stopwords.txt"};

static const char good_patterns[] =
    "# a comment line\n"
    "locale en\n"
    "define WORD \\p{Lu}\\p{Ll}+\n"
    "rule simple after 0.9 ^[\\s,]*(?<speaker>{WORD}(?:\\s+{WORD})?)\\s+(?<cue>{CUE})\\b\n";

static void write_file(const char *name, const char *content)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", tmp_lang, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(content, 1, strlen(content), f), strlen(content));
    ck_assert_int_eq(fclose(f), 0);
}

static void remove_file(const char *name)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", tmp_lang, name);
    unlink(path);
}

static void tmp_setup(void)
{
    strcpy(tmp_root, "/tmp/ws-unit-rules-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp_root));
    snprintf(tmp_lang, sizeof(tmp_lang), "%s/en", tmp_root);
    ck_assert_int_eq(mkdir(tmp_lang, 0700), 0);
    write_file("titles.txt", "Mr @male\nMs @female\n");
    write_file("pronouns.txt", "he @male\nshe @female\n");
    write_file("cues.txt", "said\nsays\n");
    write_file("patterns.rules", good_patterns);
}

static void tmp_teardown(void)
{
    if (!tmp_root[0])
        return;
    for (size_t i = 0; i < sizeof(file_names) / sizeof(*file_names); i++)
        remove_file(file_names[i]);
    rmdir(tmp_lang);
    rmdir(tmp_root);
    tmp_root[0] = '\0';
}

/* ---- the diagnostic callback ---- */

typedef struct diag_log {
    int calls;
    char where[512];
    char message[512];
} diag_log;

static void record_diag(void *user, const char *where, const char *message)
{
    diag_log *log = user;
    log->calls++;
    snprintf(log->where, sizeof(log->where), "%s", where);
    snprintf(log->message, sizeof(log->message), "%s", message);
}

/* Loads the temporary pack; expects failure with WS_ERR_RULES and one
 * diagnostic whose location contains `where` and message `message`. */
static void load_fails(const char *where, const char *message)
{
    diag_log log = {0};
    int err = 12345;
    ws_rules *r = ws_rules_load(tmp_root, "en", record_diag, &log, &err);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(err, WS_ERR_RULES);
    ck_assert_int_ge(log.calls, 1);
    ck_assert_msg(strstr(log.where, where) != NULL, "location '%s' lacks '%s'",
                  log.where, where);
    ck_assert_msg(strncmp(log.where, tmp_root, strlen(tmp_root)) == 0,
                  "location '%s' is not a path in the pack", log.where);
    if (message)
        ck_assert_msg(strstr(log.message, message) != NULL, "message '%s' lacks '%s'",
                      log.message, message);
    /* The same failure without a callback or an error pointer: no crash. */
    ck_assert_ptr_null(ws_rules_load(tmp_root, "en", NULL, NULL, NULL));
}

/* ---- tests ---- */

START_TEST(in_tree_rules_load)
{
    diag_log log = {0};
    int err = 12345;
    ws_rules *r = ws_rules_load(RULES_DIR, "en", record_diag, &log, &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(err, WS_OK);
    ck_assert_int_eq(log.calls, 0);
    ck_assert_str_eq(ws_rules_lang(r), "en");
    ck_assert_uint_gt(r->rules.count, 3);
    for (size_t i = 0; i < r->rules.count; i++) {
        ck_assert_ptr_nonnull(r->rules.items[i].id);
        ck_assert_ptr_nonnull(r->rules.items[i].code);
        ck_assert_uint_gt(r->rules.items[i].speaker_group, 0);
        ck_assert(r->rules.items[i].confidence > 0 && r->rules.items[i].confidence <= 1);
    }
    /* Word lists: exact and ASCII-case-insensitive lookups, genders. */
    const ws_word *mr = ws_words_find(&r->titles, "Mr", 2);
    ck_assert_ptr_nonnull(mr);
    ck_assert_int_eq(mr->gender, WS_GENDER_MALE);
    ck_assert_ptr_null(ws_words_find(&r->titles, "mr", 2));
    ck_assert_ptr_nonnull(ws_words_find_nocase(&r->titles, "mR", 2));
    const ws_word *she = ws_words_find(&r->pronouns, "she", 3);
    ck_assert_ptr_nonnull(she);
    ck_assert_int_eq(she->gender, WS_GENDER_FEMALE);
    ck_assert_ptr_null(ws_words_find(&r->pronouns, "sh", 2));
    ws_rules_free(r);
    ws_rules_free(NULL);
    ck_assert_ptr_null(ws_rules_lang(NULL));
}
END_TEST

START_TEST(unknown_language_fails)
{
    diag_log log = {0};
    int err = 0;
    ck_assert_ptr_null(ws_rules_load(RULES_DIR, "xx", record_diag, &log, &err));
    ck_assert_int_eq(err, WS_ERR_RULES);
    ck_assert_int_ge(log.calls, 1);
    ck_assert_ptr_nonnull(strstr(log.where, "/xx/"));
}
END_TEST

/* The one record pack r gives for text t; the caller frees it. */
static ws_result *extract_one(const ws_rules *r, const char *t)
{
    ws_extractor *ex = ws_extractor_new(r, 0, NULL);
    ck_assert_ptr_nonnull(ex);
    ws_result *res = NULL;
    ck_assert_int_eq(ws_extract(ex, "t", t, strlen(t), &res), WS_OK);
    ck_assert_uint_eq(ws_result_count(res), 1);
    ws_extractor_free(ex);
    return res;
}

/* The temporary pack's one rule ("simple") attributes a quote. */
static void expect_ana_lobo(const ws_rules *r)
{
    ws_result *res = extract_one(r, "\"we will win,\" Ana Lobo said.");
    const ws_quote *q = ws_result_quote(res, 0);
    ck_assert_str_eq(q->speaker, "Ana Lobo");
    ck_assert_str_eq(q->cue, "said");
    ck_assert_str_eq(q->rule, "simple");
    ws_result_free(res);
}

START_TEST(temp_pack_loads_and_works)
{
    diag_log log = {0};
    int err = 12345;
    ws_rules *r = ws_rules_load(tmp_root, "en", record_diag, &log, &err);
    ck_assert_msg(r != NULL, "%s: %s", log.where, log.message);
    ck_assert_int_eq(err, WS_OK);
    ck_assert_uint_eq(r->rules.count, 1);
    ck_assert_str_eq(r->rules.items[0].id, "simple");
    ck_assert_str_eq(r->locale, "en");
    expect_ana_lobo(r);
    ws_rules_free(r);
}
END_TEST

/* A subroutine macro is a call to one DEFINE'd copy: the same matches as
 * a define, and a repeated use makes the pattern no bigger. */
START_TEST(subroutine_macros)
{
    write_file("patterns.rules",
               "locale en\n"
               "subroutine WORD (?!Alpha|Bravo|Charlie|Delta|Echo|Foxtrot|Golf|Hotel|India|Juliet|Kilo|Lima)\\p{Lu}\\p{Ll}+\n"
               "subroutine NAME {WORD}(?:\\s+{WORD}){0,5}\n"
               "rule simple after 0.9 ^[\\s,]*(?<speaker>{NAME})\\s+(?<cue>{CUE})\\b\n");
    diag_log log = {0};
    int err;
    ws_rules *r = ws_rules_load(tmp_root, "en", record_diag, &log, &err);
    ck_assert_msg(r != NULL, "%s: %s", log.where, log.message);
    expect_ana_lobo(r);
    size_t with_calls;
    ck_assert_int_eq(pcre2_pattern_info(r->rules.items[0].code, PCRE2_INFO_SIZE, &with_calls), 0);
    ws_rules_free(r);
    /* The same pattern with the word copied into each of six repeats. */
    write_file("patterns.rules",
               "locale en\n"
               "define WORD (?!Alpha|Bravo|Charlie|Delta|Echo|Foxtrot|Golf|Hotel|India|Juliet|Kilo|Lima)\\p{Lu}\\p{Ll}+\n"
               "define NAME {WORD}(?:\\s+{WORD}){0,5}\n"
               "rule simple after 0.9 ^[\\s,]*(?<speaker>{NAME})\\s+(?<cue>{CUE})\\b\n");
    r = ws_rules_load(tmp_root, "en", record_diag, &log, &err);
    ck_assert_ptr_nonnull(r);
    size_t copied;
    ck_assert_int_eq(pcre2_pattern_info(r->rules.items[0].code, PCRE2_INFO_SIZE, &copied), 0);
    ck_assert_msg(with_calls < copied, "%zu bytes with calls, %zu copied", with_calls, copied);
    ws_rules_free(r);
}
END_TEST

/* The named subject of a narration paragraph speaks the quote-only
 * paragraph after it, when the pack's subject-verb pattern shows the name
 * is a subject; a pack without one reads only "Name," so. */
static const char *previous_subject_speaker(const char *patterns)
{
    static char speaker[64];
    write_file("patterns.rules", patterns);
    diag_log log = {0};
    int err;
    ws_rules *r = ws_rules_load(tmp_root, "en", record_diag, &log, &err);
    ck_assert_msg(r != NULL, "%s: %s", log.where, log.message);
    ws_result *res =
        extract_one(r, "Ana Lobo praised the plan on Monday.\n\n\"We will build it this year.\"");
    const char *s = ws_result_quote(res, 0)->speaker;
    snprintf(speaker, sizeof(speaker), "%s", s ? s : "(none)");
    ws_result_free(res);
    ws_rules_free(r);
    return speaker;
}

START_TEST(subject_verb_keyword)
{
    char with_verb[512];
    snprintf(with_verb, sizeof(with_verb), "%ssubject-verb \\p{Ll}+ed\\b\n", good_patterns);
    ck_assert_str_eq(previous_subject_speaker(with_verb), "Ana Lobo");
    ck_assert_str_eq(previous_subject_speaker(good_patterns), "(none)");
    write_file("patterns.rules", "locale en\nsubject-verb (?:is|was\n");
    load_fails("patterns.rules:2:", "subject-verb");
    write_file("patterns.rules", "locale en\nsubject-verb\n");
    load_fails("patterns.rules:2:", "subject-verb");
}
END_TEST

START_TEST(bad_pcre2_pattern)
{
    write_file("patterns.rules",
               "locale en\n"
               "\n"
               "rule broken after 0.9 ^(?<speaker>[A-Z\n");
    load_fails("patterns.rules:3:", "broken");
}
END_TEST

START_TEST(unknown_macro)
{
    /* "rule r1 after 0.9 " is 18 bytes: the pattern starts at column 19,
     * and {NOPE} at column 30. */
    write_file("patterns.rules",
               "# comment\n"
               "rule r1 after 0.9 (?<speaker>{NOPE})\n");
    load_fails("patterns.rules:2:30", "NOPE");
    /* A macro used before its definition is unknown too. */
    write_file("patterns.rules",
               "define A {B}\n"
               "define B x\n"
               "rule r1 after 0.9 (?<speaker>{A})\n");
    load_fails("patterns.rules:1:", "unknown macro");
}
END_TEST

START_TEST(other_malformed_lines)
{
    write_file("patterns.rules", "locale en\nrule r1 sideways 0.9 (?<speaker>x)\n");
    load_fails("patterns.rules:2:", "scope");
    write_file("patterns.rules", "rule r1 after 1.5 (?<speaker>x)\n");
    load_fails("patterns.rules:1:", "confidence");
    write_file("patterns.rules", "rule r1 after 0.5 (?<who>x)\n");
    load_fails("patterns.rules:1:", "speaker");
    write_file("patterns.rules", "\n\n\nfrobnicate everything\n");
    load_fails("patterns.rules:4:", "frobnicate");
    write_file("patterns.rules", "rule r1 after\n");
    load_fails("patterns.rules:1:", NULL);
    write_file("patterns.rules", "define lower x\nrule r1 after 0.5 (?<speaker>x)\n");
    load_fails("patterns.rules:1:", "UPPER");
    write_file("patterns.rules", "# only comments\nlocale en\n");
    load_fails("patterns.rules", "no rule");
    /* A word-list attribute that does not exist. */
    write_file("patterns.rules", good_patterns);
    write_file("titles.txt", "Mr @male\nDr @robot\n");
    load_fails("titles.txt:2:", "robot");
}
END_TEST

START_TEST(missing_required_file)
{
    for (int i = 0; i < N_FILES; i++) {
        tmp_teardown();
        tmp_setup();
        remove_file(file_names[i]);
        load_fails(file_names[i], NULL);
    }
}
END_TEST

START_TEST(optional_files_may_be_missing)
{
    /* abbreviations, stopwords, particles and roles are optional: the
     * temporary pack has none of them and loads (see above); with one
     * present it is read. */
    write_file("stopwords.txt", "The\nA\n");
    int err = 0;
    ws_rules *r = ws_rules_load(tmp_root, "en", NULL, NULL, &err);
    remove_file("stopwords.txt");
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->stopwords.count, 2);
    ck_assert_ptr_nonnull(ws_words_find(&r->stopwords, "The", 3));
    ws_rules_free(r);
}
END_TEST

/* Regression: expand() read the braces of \x{C0} as a {MACRO}. */
START_TEST(hex_escape_is_not_a_macro)
{
    write_file("patterns.rules",
               "rule r after 0.9 ^[\\s,]*(?<speaker>[A-Z\\x{C0}-\\x{DE}]\\w+)\\s+(?<cue>said)\n");
    diag_log log = {0};
    int err = 0;
    ws_rules *r = ws_rules_load(tmp_root, "en", record_diag, &log, &err);
    ck_assert_msg(r != NULL, "%s: %s", log.where, log.message);
    ws_rules_free(r);
}
END_TEST

Suite *rules_suite(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("in-tree");
    tcase_add_test(tc, in_tree_rules_load);
    tcase_add_test(tc, unknown_language_fails);
    suite_add_tcase(s, tc);
    tc = tcase_create("temporary");
    tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
    tcase_add_test(tc, temp_pack_loads_and_works);
    tcase_add_test(tc, subroutine_macros);
    tcase_add_test(tc, subject_verb_keyword);
    tcase_add_test(tc, bad_pcre2_pattern);
    tcase_add_test(tc, unknown_macro);
    tcase_add_test(tc, other_malformed_lines);
    tcase_add_test(tc, missing_required_file);
    tcase_add_test(tc, optional_files_may_be_missing);
    tcase_add_test(tc, hex_escape_is_not_a_macro);
    suite_add_tcase(s, tc);
    return s;
}

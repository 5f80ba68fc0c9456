/* Fuzz target: the input bytes are one document.  Runs ws_extract with the
 * in-tree English rules (loaded once), checks the result's offsets, writes
 * the records in every format and checks that they parse.  A second
 * extractor runs the same bytes in strict mode with small limits, so the
 * limit and invalid-UTF-8 paths are fuzzed too, and extracting the same
 * document twice must give the same records (no state left over from the
 * previous document). */
#include "fuzz_common.h"

static ws_rules *rules;
static ws_extractor *plain, *strict;

static void cleanup(void)
{
    ws_extractor_free(plain);
    ws_extractor_free(strict);
    ws_rules_free(rules);
}

static void diag(void *user, const char *where, const char *message)
{
    (void)user;
    fprintf(stderr, "rules: %s: %s\n", where, message);
}

static void setup(void)
{
    int err;
    rules = ws_rules_load(fuzz_rules_dir(), "en", diag, NULL, &err);
    if (!rules)
        fuzz_fail("cannot load the rules from %s: %s", fuzz_rules_dir(), ws_strerror(err));
    plain = ws_extractor_new(rules, 0, NULL);
    ws_limits small = {32 * 1024, 2048, 3};
    strict = ws_extractor_new(rules, WS_OPT_STRICT_UTF8, &small);
    if (!plain || !strict)
        fuzz_fail("cannot create the extractors");
    atexit(cleanup);
}

static ws_buffer records(const char *text, size_t size, const ws_result *res)
{
    ws_buffer out = {0};
    int first = 1;
    if (ws_write_records(&out, WS_FORMAT_JSONL, WS_WRITE_EXPLAIN, "fuzz", text, size,
                         res, "en", &first))
        fuzz_fail("ws_write_records failed");
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!rules)
        setup();
    /* An exact-size copy, so ASan sees any read past the end. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);

    ws_result *res = NULL;
    int err = ws_extract(plain, "fuzz", text, size, &res);
    if (err == WS_OK) {
        if (!res)
            fuzz_fail("ws_extract returned WS_OK without a result");
        fuzz_check_result(text, size, res);
        fuzz_check_writers("fuzz", text, size, res, "en");
        ws_buffer once = records(text, size, res);
        ws_result *again = NULL;
        if (ws_extract(plain, "fuzz", text, size, &again) != WS_OK)
            fuzz_fail("the second extraction of the same document failed");
        ws_buffer twice = records(text, size, again);
        if (once.length != twice.length ||
            (once.length && memcmp(once.data, twice.data, once.length)))
            fuzz_fail("extracting the same document twice gave different records:\n"
                      "%.*s\n---\n%.*s", (int)(once.length > 2000 ? 2000 : once.length),
                      once.data ? once.data : "",
                      (int)(twice.length > 2000 ? 2000 : twice.length),
                      twice.data ? twice.data : "");
        free(once.data);
        free(twice.data);
        ws_result_free(again);
    } else if (err != WS_ERR_TOO_LARGE) {
        fuzz_fail("ws_extract: unexpected error %d (%s) on a %zu-byte document", err,
                  ws_strerror(err), size);
    } else if (res) {
        fuzz_fail("ws_extract failed but set *out");
    }

    ws_result *sres = NULL;
    int serr = ws_extract(strict, "fuzz", text, size, &sres);
    if (serr == WS_OK) {
        fuzz_check_result(text, size, sres);
        fuzz_check_writers("fuzz", text, size, sres, "en");
        if (res && ws_result_invalid_utf8_count(res))
            fuzz_fail("strict mode accepted a document with %zu invalid bytes",
                      ws_result_invalid_utf8_count(res));
    } else if (serr == WS_ERR_INVALID_UTF8) {
        if (res && !ws_result_invalid_utf8_count(res))
            fuzz_fail("strict mode rejected a document the plain mode found valid");
    } else if (serr != WS_ERR_TOO_LARGE) {
        fuzz_fail("strict ws_extract: unexpected error %d (%s)", serr, ws_strerror(serr));
    }
    if (serr != WS_OK && sres)
        fuzz_fail("strict ws_extract failed but set *out");
    ws_result_free(sres);
    ws_result_free(res);
    free(text);
    return 0;
}

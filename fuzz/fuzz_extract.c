/* Fuzz target: the input bytes are one document.  Runs ws_extract with the
 * in-tree English rules (loaded once), checks the result's offsets, writes
 * the records in every format and checks that they parse.  A second
 * extractor runs the same bytes in strict mode with small limits, so the
 * limit and invalid-UTF-8 paths are fuzzed too, and extracting the same
 * document twice must give the same records (no state left over from the
 * previous document).  The other in-tree packs (rules/<lang>/) are loaded
 * too: ws_detect_language picks one, and when it is not English the
 * document also goes through that pack. */
#include "fuzz_common.h"

#include <dirent.h>
#include <sys/stat.h>

#define MAX_PACKS 16

static ws_rules *rules;                 /* English, packs[0] */
static ws_extractor *plain, *strict;
static const ws_rules *packs[MAX_PACKS];
static ws_extractor *pack_ex[MAX_PACKS];
static size_t npacks;

static void cleanup(void)
{
    ws_extractor_free(plain);
    ws_extractor_free(strict);
    for (size_t i = 1; i < npacks; i++) {
        ws_extractor_free(pack_ex[i]);
        ws_rules_free((ws_rules *)packs[i]);
    }
    ws_rules_free(rules);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
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
    packs[0] = rules;
    pack_ex[0] = plain;
    npacks = 1;
    atexit(cleanup);

    /* Every other folder of rules/ with a patterns.rules, in name order. */
    DIR *d = opendir(fuzz_rules_dir());
    char *names[MAX_PACKS];
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && n < MAX_PACKS - 1) {
        char path[8192];
        struct stat st;
        snprintf(path, sizeof(path), "%.4000s/%.255s/patterns.rules", fuzz_rules_dir(),
                 e->d_name);
        if (e->d_name[0] != '.' && strcmp(e->d_name, "en") && stat(path, &st) == 0)
            names[n++] = strdup(e->d_name);
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof(*names), by_name);
    for (size_t i = 0; i < n; i++) {
        ws_rules *r = ws_rules_load(fuzz_rules_dir(), names[i], diag, NULL, &err);
        if (!r)
            fuzz_fail("cannot load the '%s' rules: %s", names[i], ws_strerror(err));
        packs[npacks] = r;
        pack_ex[npacks] = ws_extractor_new(r, 0, NULL);
        if (!pack_ex[npacks])
            fuzz_fail("cannot create the '%s' extractor", names[i]);
        npacks++;
        free(names[i]);
    }
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

    /* The pack the language detector picks. */
    size_t lang = ws_detect_language(packs, npacks, text, size);
    if (lang >= npacks)
        fuzz_fail("ws_detect_language returned %zu of %zu packs", lang, npacks);
    if (lang > 0) {
        ws_result *lres = NULL;
        int lerr = ws_extract(pack_ex[lang], "fuzz", text, size, &lres);
        if (lerr == WS_OK) {
            fuzz_check_result(text, size, lres);
            fuzz_check_writers("fuzz", text, size, lres, ws_rules_lang(packs[lang]));
        } else if (lerr != WS_ERR_TOO_LARGE) {
            fuzz_fail("ws_extract (%s): unexpected error %d (%s)", ws_rules_lang(packs[lang]),
                      lerr, ws_strerror(lerr));
        }
        ws_result_free(lres);
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

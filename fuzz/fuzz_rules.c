/* Fuzz target: the rules loader.  A temporary rule pack is made once from
 * a copy of the in-tree rules/en files.  Each input replaces one file of
 * it: patterns.rules, or the file named by a first line "#!NAME" (for
 * example "#!cues.txt"), so the word lists that become macros are fuzzed
 * too.  Then ws_rules_load must either load the pack, or fail with a
 * diagnostic that names file:line:col.  A pack that loads is run on a
 * short article with every quote style. */
#include "fuzz_common.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILES 32

static char pack[4096];          /* the temporary folder holding en/ */
static struct {
    char name[256];
    char *data;
    size_t size;
} files[MAX_FILES];
static size_t nfiles;
static int dirty = -1;           /* the file the last input replaced */

static const char sample[] =
    "\xE2\x80\x9CWe will not back down,\xE2\x80\x9D said Maria Lopez, the mayor.\n\n"
    "Mr Pompeo told reporters: \"The talks are over.\" He added, 'Really over.'\n\n"
    "\xC2\xAB" "Ce n'est pas fini\xC2\xBB, a dit Jean. \xE2\x80\x9E" "Das ist gut\xE2\x80\x9C, "
    "sagte sie. \xE3\x80\x8C" "yes\xE3\x80\x8D ``Fine,'' according to police.\n\n"
    "\xE2\x80\x9CThe children ask \xE2\x80\x98when can we go home?\xE2\x80\x99 every day,"
    "\xE2\x80\x9D she said. \"It's the hardest part.\"\n";

static void write_file(const char *name, const char *data, size_t size)
{
    char path[8192];
    snprintf(path, sizeof(path), "%s/en/%s", pack, name);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f))
        fuzz_fail("cannot write %s", path);
}

static void cleanup(void)
{
    char path[8192];
    for (size_t i = 0; i < nfiles; i++) {
        snprintf(path, sizeof(path), "%.4000s/en/%.255s", pack, files[i].name);
        unlink(path);
        free(files[i].data);
    }
    snprintf(path, sizeof(path), "%s/en", pack);
    rmdir(path);
    rmdir(pack);
}

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    char chunk[8192];
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (n + got > cap) {
            cap = (n + got) * 2;
            char *grown = realloc(buf, cap);
            if (!grown)
                fuzz_fail("out of memory");
            buf = grown;
        }
        memcpy(buf + n, chunk, got);
        n += got;
    }
    fclose(f);
    *size = n;
    return buf ? buf : calloc(1, 1);
}

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(pack, sizeof(pack), "%s/whosaid-fuzz-rules-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(pack))
        fuzz_fail("mkdtemp %s failed", pack);
    char path[8192];
    snprintf(path, sizeof(path), "%s/en", pack);
    if (mkdir(path, 0700))
        fuzz_fail("mkdir %s failed", path);
    atexit(cleanup);

    char src[4200];
    snprintf(src, sizeof(src), "%s/en", fuzz_rules_dir());
    DIR *d = opendir(src);
    if (!d)
        fuzz_fail("cannot open %s", src);
    struct dirent *e;
    while ((e = readdir(d)) && nfiles < MAX_FILES) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len >= sizeof(files[0].name) ||
            !((len > 4 && !strcmp(e->d_name + len - 4, ".txt")) ||
              !strcmp(e->d_name, "patterns.rules")))
            continue;
        snprintf(path, sizeof(path), "%s/%s", src, e->d_name);
        files[nfiles].data = slurp(path, &files[nfiles].size);
        if (!files[nfiles].data)
            continue;
        memcpy(files[nfiles].name, e->d_name, len + 1);
        write_file(files[nfiles].name, files[nfiles].data, files[nfiles].size);
        nfiles++;
    }
    closedir(d);
    if (!nfiles)
        fuzz_fail("no rule files in %s", src);
}

typedef struct diag_state {
    int calls;
} diag_state;

/* Every diagnostic names "PATH:LINE:COL" inside the pack. */
static void diag(void *user, const char *where, const char *message)
{
    diag_state *st = user;
    st->calls++;
    if (!where || !message)
        fuzz_fail("diagnostic without a place or a message");
    size_t plen = strlen(pack);
    if (strncmp(where, pack, plen))
        fuzz_fail("diagnostic place '%s' is not in the pack %s", where, pack);
    const char *p = where + strlen(where);
    for (int field = 0; field < 2; field++) {
        const char *digits = p;
        while (digits > where && digits[-1] >= '0' && digits[-1] <= '9')
            digits--;
        if (digits == p || digits == where || digits[-1] != ':')
            fuzz_fail("diagnostic place '%s' does not end in :LINE:COL", where);
        p = digits - 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!nfiles)
        setup();
    const char *s = (const char *)data;
    const char *target = "patterns.rules";
    int index = -1;
    if (size > 2 && s[0] == '#' && s[1] == '!') {
        const char *nl = memchr(s, '\n', size);
        size_t len = nl ? (size_t)(nl - s) - 2 : 0;
        for (size_t i = 0; nl && i < nfiles; i++)
            if (strlen(files[i].name) == len && !memcmp(files[i].name, s + 2, len)) {
                target = files[i].name;
                s = nl + 1;
                size -= (size_t)(nl + 1 - (const char *)data);
                break;
            }
    }
    for (size_t i = 0; i < nfiles; i++)
        if (!strcmp(files[i].name, target))
            index = (int)i;
    if (dirty >= 0 && dirty != index)
        write_file(files[dirty].name, files[dirty].data, files[dirty].size);
    write_file(target, s, size);
    dirty = index;

    diag_state st = {0};
    int err = 12345;
    ws_rules *rules = ws_rules_load(pack, "en", diag, &st, &err);
    if (!rules) {
        if (err == WS_ERR_RULES && st.calls == 0)
            fuzz_fail("rules rejected without a diagnostic");
        if (err != WS_ERR_RULES && err != WS_ERR_IO && err != WS_ERR_NOMEM)
            fuzz_fail("ws_rules_load failed with error %d", err);
        return 0;
    }
    if (strcmp(ws_rules_lang(rules), "en"))
        fuzz_fail("ws_rules_lang is '%s'", ws_rules_lang(rules));
    ws_extractor *ex = ws_extractor_new(rules, 0, NULL);
    if (ex) {
        ws_result *res = NULL;
        err = ws_extract(ex, "sample", sample, sizeof(sample) - 1, &res);
        if (err == WS_OK) {
            fuzz_check_result(sample, sizeof(sample) - 1, res);
            fuzz_check_writers("sample", sample, sizeof(sample) - 1, res, "en");
        } else if (err != WS_ERR_TOO_LARGE) {
            fuzz_fail("ws_extract with fuzzed rules: error %d (%s)", err, ws_strerror(err));
        }
        ws_result_free(res);
        ws_extractor_free(ex);
    }
    /* ws_extractor_new may fail on a bad `locale` line (ICU); that is not a crash. */
    ws_rules_free(rules);
    return 0;
}

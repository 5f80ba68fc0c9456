/* Finding and loading the rule packs. */
#include "packs.h"

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef WS_RULES_DIR
#define WS_RULES_DIR "/usr/local/share/whosaid/rules"
#endif

static void diag(void *user, const char *where, const char *message)
{
    (void)user;
    fprintf(stderr, "whosaid: %s: %s\n", where, message);
}

/* The rules folder: --rules, $WHOSAID_RULES, rules/ beside the build
 * folder of the binary (running from build/), then the installed one. */
static const char *find_rules(const char *given, char *buf, size_t size)
{
    if (given)
        return given;
    const char *env = getenv("WHOSAID_RULES");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            struct stat st;
            char probe[PATH_MAX + 64];
            snprintf(buf, size, "%.*s/../rules", (int)(size - 10), exe);
            snprintf(probe, sizeof(probe), "%s/en/patterns.rules", buf);
            if (stat(probe, &st) == 0)
                return buf;
        }
    }
    return WS_RULES_DIR;
}

/* The folder of compiled patterns: --cache, $WHOSAID_CACHE, then the
 * XDG cache folder; "off" or "" keeps none. */
static const char *find_cache(const char *given, char *buf, size_t size)
{
    const char *dir = given ? given : getenv("WHOSAID_CACHE");
    if (dir)
        return *dir && strcmp(dir, "off") ? dir : NULL;
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (xdg && *xdg == '/')
        snprintf(buf, size, "%s/whosaid", xdg);
    else if (home && *home == '/')
        snprintf(buf, size, "%s/.cache/whosaid", home);
    else
        return NULL;
    return buf;
}

static int load_pack(cli_config *c, const char *dir, const char *cache, const char *lang)
{
    int err;
    if (c->npacks == MAX_PACKS)
        return WS_OK;
    ws_rules *rules = ws_rules_load_cached(dir, lang, cache, diag, NULL, &err);
    if (!rules) {
        fprintf(stderr, "whosaid: cannot load the '%s' rules from %s: %s\n", lang, dir,
                ws_strerror(err));
        return err;
    }
    c->packs[c->npacks++] = rules;
    return WS_OK;
}

typedef struct pack_job {
    const char *dir;
    const char *cache;
    const char *lang;
    ws_rules *rules;
    int err;
} pack_job;

static void *load_job(void *arg)
{
    pack_job *job = arg;
    job->rules = ws_rules_load_cached(job->dir, job->lang, job->cache, diag, NULL, &job->err);
    return NULL;
}

/* --lang=auto: every pack in the folder, English first (the default).
 * Compiling a pack's patterns is most of start-up, and the packs do not
 * depend on each other: they load in parallel. */
static int load_all_packs(cli_config *c, const char *dir, const char *cache)
{
    char names[MAX_PACKS][64];
    int n = 0;
    snprintf(names[n++], 64, "en");
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) && n < MAX_PACKS) {
        char probe[PATH_MAX];
        struct stat st;
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "en") || strlen(e->d_name) >= 64 ||
            strlen(dir) > PATH_MAX - 100)
            continue;
        snprintf(probe, sizeof(probe), "%s/%s/patterns.rules", dir, e->d_name);
        if (stat(probe, &st) == 0)
            snprintf(names[n++], 64, "%s", e->d_name);
    }
    if (d)
        closedir(d);
    qsort(names + 1, (size_t)n - 1, 64, (int (*)(const void *, const void *))strcmp);
    pack_job jobs[MAX_PACKS];
    pthread_t threads[MAX_PACKS];
    bool started[MAX_PACKS];
    for (int i = 0; i < n; i++) {
        jobs[i] = (pack_job){dir, cache, names[i], NULL, WS_OK};
        started[i] = pthread_create(&threads[i], NULL, load_job, &jobs[i]) == 0;
        if (!started[i])
            load_job(&jobs[i]);
    }
    int err = WS_OK;
    for (int i = 0; i < n; i++) {
        if (started[i])
            pthread_join(threads[i], NULL);
        if (!jobs[i].rules && !err) {
            fprintf(stderr, "whosaid: cannot load the '%s' rules from %s: %s\n", names[i], dir,
                    ws_strerror(jobs[i].err));
            err = jobs[i].err;
        }
        if (jobs[i].rules)
            c->packs[c->npacks++] = jobs[i].rules;
    }
    return err;
}

int packs_load(cli_config *c, const char *rules_option, const char *cache_option,
               const char *lang)
{
    char buf[PATH_MAX], cache_buf[PATH_MAX];
    const char *dir = find_rules(rules_option, buf, sizeof(buf));
    const char *cache = find_cache(cache_option, cache_buf, sizeof(cache_buf));
    c->auto_lang = !strcmp(lang, "auto");
    return c->auto_lang ? load_all_packs(c, dir, cache) : load_pack(c, dir, cache, lang);
}

void packs_free(cli_config *c)
{
    for (size_t i = 0; i < c->npacks; i++)
        ws_rules_free((ws_rules *)c->packs[i]);
    c->npacks = 0;
}

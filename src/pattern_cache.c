/* Compiled rule patterns kept on disk between runs.  Compiling the
 * patterns is most of whosaid's start-up (about 15 ms a pack, against a
 * fraction of a millisecond to decode PCRE2's serialized form), and a
 * shell pipeline or `parallel --pipe` starts whosaid again and again.
 *
 * A file is named by a hash of everything its code follows from (the
 * expanded pattern, the compile options, PCRE2's version), so an edited
 * rule or a new PCRE2 misses and compiles afresh: nothing is ever stale.
 * It carries a checksum of its data, because PCRE2 decodes serialized
 * code without checking it, and is read only if it is the user's own.
 * Any failure to read or write a file only costs the compilation it
 * would have saved. */
#include "internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Far above what PCRE2 serializes for one pattern (its code is capped at
 * 64 KB): a larger length is damage, not data. */
#define MAX_DATA_BYTES (1u << 20)

static const char magic[8] = {'w', 's', 'p', 'a', 't', 't', 'e', '1'};

typedef struct {
    char magic[8];
    uint64_t key;      /* hash of what the code was compiled from */
    uint64_t length;   /* bytes of serialized data after the header */
    uint64_t checksum; /* hash of those bytes */
} cache_header;

/* A 64-bit hash, eight bytes a step: the checksum of a whole pack's
 * code (about 1.5 MB) must cost far less than compiling it. */
static uint64_t hash(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    for (; n; p++, n--)
        h = (h ^ *p) * 0x100000001b3ull;
    return h ^ (h >> 32);
}

#define HASH_SEED 0xcbf29ce484222325ull

static uint64_t pattern_key(const char *re, uint32_t options)
{
    char version[64] = "";
    pcre2_config(PCRE2_CONFIG_VERSION, version);
    uint64_t h = hash(HASH_SEED, version, strlen(version));
    h = hash(h, &options, sizeof(options));
    return hash(h, re, strlen(re));
}

static pcre2_code *load(const char *path, uint64_t key)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    /* Only a file no one else could have written: decoded code is run
     * as it is. */
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || st.st_uid != geteuid() || (st.st_mode & 022)) {
        fclose(f);
        return NULL;
    }
    cache_header h;
    uint8_t *data = NULL;
    pcre2_code *code = NULL;
    if (fread(&h, sizeof(h), 1, f) == 1 && !memcmp(h.magic, magic, sizeof(magic)) &&
        h.key == key && h.length > 0 && h.length <= MAX_DATA_BYTES &&
        (data = malloc(h.length)) && fread(data, 1, h.length, f) == h.length &&
        fgetc(f) == EOF && hash(HASH_SEED, data, h.length) == h.checksum &&
        pcre2_serialize_get_number_of_codes(data) == 1 &&
        pcre2_serialize_decode(&code, 1, data, NULL) != 1)
        code = NULL;
    free(data);
    fclose(f);
    return code;
}

/* mkdir -p, for a cache folder whose parents (~/.cache) may not exist. */
static void make_folders(const char *dir)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n >= sizeof(path))
        return;
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++)
        if (path[i] == '/' || path[i] == '\0') {
            char c = path[i];
            path[i] = '\0';
            mkdir(path, 0700);
            path[i] = c;
        }
}

/* Writes a file under a temporary name and renames it into place, so a
 * reader, another whosaid among them, never sees half of one. */
static void store(const char *dir, const char *path, uint64_t key, const pcre2_code *code)
{
    uint8_t *data;
    PCRE2_SIZE length;
    if (pcre2_serialize_encode(&code, 1, &data, &length, NULL) != 1)
        return;
    cache_header h = {.key = key, .length = length, .checksum = hash(HASH_SEED, data, length)};
    memcpy(h.magic, magic, sizeof(magic));
    char tmp[4200];
    snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0 && errno == ENOENT) {
        make_folders(dir);
        snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path); /* mkstemp spent the XXXXXX */
        fd = mkstemp(tmp);
    }
    if (fd >= 0) {
        FILE *f = fdopen(fd, "wb");
        bool ok = f && fwrite(&h, sizeof(h), 1, f) == 1 && fwrite(data, 1, length, f) == length;
        if (f ? fclose(f) != 0 : close(fd) != 0)
            ok = false;
        if (!ok || rename(tmp, path) != 0)
            unlink(tmp);
    }
    pcre2_serialize_free(data);
}

pcre2_code *ws_pattern_compile(const char *cache_dir, const char *re, uint32_t options,
                               int *error, PCRE2_SIZE *offset)
{
    char path[4096];
    uint64_t key = 0;
    bool cached = cache_dir && *cache_dir;
    if (cached) {
        key = pattern_key(re, options);
        cached = snprintf(path, sizeof(path), "%s/%016llx.pcre2", cache_dir,
                          (unsigned long long)key) < (int)sizeof(path);
    }
    pcre2_code *code = cached ? load(path, key) : NULL;
    if (code)
        return code;
    code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, options, error, offset, NULL);
    if (code && cached)
        store(cache_dir, path, key, code);
    return code;
}

/* Runs a fuzz target without libFuzzer: calls LLVMFuzzerTestOneInput on
 * every file named on the command line, and on every file of every folder
 * named (sorted, not recursive).  Linked with one target's source, it makes
 * the seed corpus and the saved crashes a regression test that runs in any
 * build (plain, ASan, valgrind).  Exit 0 when every input ran; a crash or a
 * failed check aborts with the input's name printed first. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0, got;
    uint8_t chunk[65536];
    while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (n + got > cap) {
            cap = (n + got) * 2;
            uint8_t *grown = realloc(buf, cap);
            if (!grown) {
                fclose(f);
                free(buf);
                fprintf(stderr, "%s: out of memory\n", path);
                return -1;
            }
            buf = grown;
        }
        memcpy(buf + n, chunk, got);
        n += got;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        perror(path);
        free(buf);
        return -1;
    }
    fprintf(stderr, "replay %s (%zu bytes)\n", path, n);
    /* An exact-size copy, as libFuzzer gives it. */
    uint8_t *input = malloc(n ? n : 1);
    if (!input) {
        free(buf);
        return -1;
    }
    if (n)
        memcpy(input, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(input, n);
    free(input);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof(*names));
            if (!grown)
                break;
            names = grown;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n])
            break;
        snprintf(names[n], len, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof(*names), by_name);
    int err = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (!err && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            err = run_file(names[i]);
            (*count)++;
        }
        free(names[i]);
    }
    free(names);
    return err;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
        return 2;
    }
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st)) {
            perror(argv[i]);
            return 1;
        }
        int err;
        if (S_ISDIR(st.st_mode)) {
            err = run_dir(argv[i], &count);
        } else {
            err = run_file(argv[i]);
            count++;
        }
        if (err)
            return 1;
    }
    if (!count) {
        fprintf(stderr, "no inputs\n");
        return 1;
    }
    printf("%zu inputs ran\n", count);
    return 0;
}

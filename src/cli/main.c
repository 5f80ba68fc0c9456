/* whosaid: the command-line tool.  Uses only the public header. */
#include "whosaid.h"
#include "json_input.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef WS_RULES_DIR
#define WS_RULES_DIR "/usr/local/share/whosaid/rules"
#endif

/* Exit codes (also in --help and the README). */
enum {
    EXIT_ALL_OK = 0,
    EXIT_SOME_FAILED = 1, /* some documents gave error records */
    EXIT_USAGE = 2,
    EXIT_RULES = 3,
    EXIT_IO = 4, /* an input could not be read or the output not written */
};

typedef enum { INPUT_AUTO, INPUT_TEXT, INPUT_JSONL } input_mode;

typedef struct options {
    input_mode input;
    ws_format format;
    int write_flags;
    int extract_flags;
    const char *rules_dir;
    const char *lang;
    const char *output;
    ws_limits limits;
} options;

typedef struct run {
    options opt;
    ws_rules *rules;
    ws_extractor *ex;
    FILE *out;
    ws_buffer buf;
    int first;
    int failed_docs;
    int io_error;
} run;

static const char usage_text[] =
    "usage: whosaid [OPTIONS] [FILE...]\n"
    "Finds the quotations in news articles and who said them; writes one\n"
    "record a quote.  No FILE, or '-', reads standard input.\n"
    "\n"
    "  -i, --input=auto|text|jsonl  input kind (auto: JSON Lines for .jsonl and\n"
    "                               .ndjson files, else one article a file)\n"
    "  -f, --format=jsonl|json|tsv  output format (default jsonl)\n"
    "  -o, --output=FILE            write to FILE instead of standard output\n"
    "  -l, --lang=LANG              rule pack to use (default en)\n"
    "  -r, --rules=DIR              folder of rule packs (default: next to the\n"
    "                               binary, $WHOSAID_RULES, or the installed ones)\n"
    "      --explain                add cue offsets and how the speaker was resolved\n"
    "      --strict                 reject documents with invalid UTF-8\n"
    "      --max-document-bytes=N   largest document (default 64 MiB)\n"
    "      --max-paragraph-bytes=N  longest paragraph (default 64 MiB)\n"
    "      --max-nesting=N          deepest quote nesting (default 64)\n"
    "  -h, --help                   this text\n"
    "  -V, --version                the version\n"
    "\n"
    "Exit status: 0 all documents processed; 1 some documents gave error\n"
    "records; 2 usage error; 3 the rules could not be loaded; 4 an input could\n"
    "not be read or the output could not be written.\n";

static void diag(void *user, const char *where, const char *message)
{
    (void)user;
    fprintf(stderr, "whosaid: %s: %s\n", where, message);
}

static void flush_buffer(run *r)
{
    if (r->buf.length && !r->io_error) {
        if (fwrite(r->buf.data, 1, r->buf.length, r->out) != r->buf.length) {
            if (errno == EPIPE)
                exit(EXIT_ALL_OK); /* the reader went away: end quietly */
            fprintf(stderr, "whosaid: cannot write output: %s\n", strerror(errno));
            r->io_error = 1;
        }
    }
    r->buf.length = 0;
}

static void error_record(run *r, const char *id, const char *message, size_t line)
{
    if (line)
        fprintf(stderr, "whosaid: %s: line %zu: %s\n", id, line, message);
    else
        fprintf(stderr, "whosaid: %s: %s\n", id, message);
    ws_write_error(&r->buf, r->opt.format, id, message, line, &r->first);
    r->failed_docs++;
}

static void process(run *r, const char *id, const char *text, size_t length,
                    size_t line)
{
    ws_result *result = NULL;
    int err = ws_extract(r->ex, id, text, length, &result);
    if (err) {
        error_record(r, id, ws_strerror(err), line);
    } else {
        size_t bad = ws_result_invalid_utf8_count(result);
        if (bad)
            fprintf(stderr, "whosaid: %s: warning: %zu invalid UTF-8 byte%s, the "
                    "first at byte %zu (read as U+FFFD)\n", id, bad,
                    bad == 1 ? "" : "s", ws_result_invalid_utf8_offset(result));
        if (ws_write_records(&r->buf, r->opt.format, r->opt.write_flags, id, text,
                             length, result, ws_rules_lang(r->rules), &r->first))
            error_record(r, id, ws_strerror(WS_ERR_NOMEM), line);
    }
    ws_result_free(result);
    if (r->buf.length >= 1 << 16)
        flush_buffer(r);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

static void read_jsonl(run *r, FILE *in, const char *name)
{
    char *line = NULL;
    size_t cap = 0, number = 0;
    ssize_t n;
    char fallback[64];
    while ((n = getline(&line, &cap, in)) >= 0) {
        number++;
        size_t len = (size_t)n;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == len)
            continue; /* blank lines are allowed */
        snprintf(fallback, sizeof(fallback), "%zu", number);
        if (len > r->opt.limits.max_document_bytes * 2 + 4096) {
            error_record(r, fallback, "line longer than the document limit", number);
            continue;
        }
        json_document d;
        const char *err = json_document_parse(line, len, &d);
        const char *id = d.id ? d.id : fallback;
        if (err)
            error_record(r, id, err, number);
        else
            process(r, id, d.text, d.text_length, number);
        json_document_clear(&d);
    }
    if (ferror(in)) {
        fprintf(stderr, "whosaid: %s: read error: %s\n", name, strerror(errno));
        r->io_error = 1;
    }
    free(line);
}

static void read_text(run *r, FILE *in, const char *name)
{
    ws_buffer text = {0};
    char chunk[1 << 16];
    size_t n;
    bool too_large = false;
    while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0) {
        if (text.length + n > r->opt.limits.max_document_bytes) {
            too_large = true;
            continue; /* drain, so a pipe is not left blocked */
        }
        if (ws_buffer_append(&text, chunk, n)) {
            error_record(r, name, ws_strerror(WS_ERR_NOMEM), 0);
            free(text.data);
            return;
        }
    }
    if (ferror(in)) {
        fprintf(stderr, "whosaid: %s: read error: %s\n", name, strerror(errno));
        r->io_error = 1;
    } else if (too_large) {
        error_record(r, name, ws_strerror(WS_ERR_TOO_LARGE), 0);
    } else {
        process(r, name, text.data ? text.data : "", text.length, 0);
    }
    free(text.data);
}

static void read_input(run *r, const char *path)
{
    bool is_stdin = !strcmp(path, "-");
    FILE *in = is_stdin ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "whosaid: %s: %s\n", path, strerror(errno));
        error_record(r, path, strerror(errno), 0);
        return;
    }
    input_mode mode = r->opt.input;
    if (mode == INPUT_AUTO)
        mode = ends_with(path, ".jsonl") || ends_with(path, ".ndjson") ? INPUT_JSONL
                                                                     : INPUT_TEXT;
    if (mode == INPUT_JSONL)
        read_jsonl(r, in, path);
    else
        read_text(r, in, path);
    if (!is_stdin)
        fclose(in);
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
            snprintf(buf, size, "%s/../rules", exe);
            char probe[PATH_MAX + 64];
            snprintf(probe, sizeof(probe), "%s/en/patterns.rules", buf);
            if (stat(probe, &st) == 0)
                return buf;
        }
    }
    return WS_RULES_DIR;
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || end == s || v == 0)
        return -1;
    *out = (size_t)v;
    return 0;
}

int main(int argc, char **argv)
{
    enum { OPT_EXPLAIN = 256, OPT_STRICT, OPT_MAX_DOC, OPT_MAX_PARA, OPT_MAX_NEST };
    static const struct option longopts[] = {
        {"input", required_argument, NULL, 'i'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"rules", required_argument, NULL, 'r'},
        {"explain", no_argument, NULL, OPT_EXPLAIN},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"max-document-bytes", required_argument, NULL, OPT_MAX_DOC},
        {"max-paragraph-bytes", required_argument, NULL, OPT_MAX_PARA},
        {"max-nesting", required_argument, NULL, OPT_MAX_NEST},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    run r = {0};
    r.opt.lang = "en";
    r.opt.limits.max_document_bytes = WS_MAX_DOCUMENT_BYTES;
    r.first = 1;
    int c;
    size_t v;
    while ((c = getopt_long(argc, argv, "i:f:o:l:r:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'i':
            if (!strcmp(optarg, "auto")) r.opt.input = INPUT_AUTO;
            else if (!strcmp(optarg, "text")) r.opt.input = INPUT_TEXT;
            else if (!strcmp(optarg, "jsonl")) r.opt.input = INPUT_JSONL;
            else goto bad_value;
            break;
        case 'f':
            if (!strcmp(optarg, "jsonl")) r.opt.format = WS_FORMAT_JSONL;
            else if (!strcmp(optarg, "json")) r.opt.format = WS_FORMAT_JSON;
            else if (!strcmp(optarg, "tsv")) r.opt.format = WS_FORMAT_TSV;
            else goto bad_value;
            break;
        case 'o': r.opt.output = optarg; break;
        case 'l': r.opt.lang = optarg; break;
        case 'r': r.opt.rules_dir = optarg; break;
        case OPT_EXPLAIN: r.opt.write_flags |= WS_WRITE_EXPLAIN; break;
        case OPT_STRICT: r.opt.extract_flags |= WS_OPT_STRICT_UTF8; break;
        case OPT_MAX_DOC:
            if (parse_size(optarg, &r.opt.limits.max_document_bytes)) goto bad_value;
            break;
        case OPT_MAX_PARA:
            if (parse_size(optarg, &r.opt.limits.max_paragraph_bytes)) goto bad_value;
            break;
        case OPT_MAX_NEST:
            if (parse_size(optarg, &v) || v > WS_MAX_QUOTE_NESTING) goto bad_value;
            r.opt.limits.max_quote_nesting = (int)v;
            break;
        case 'h': fputs(usage_text, stdout); return EXIT_ALL_OK;
        case 'V': printf("whosaid %s\n", ws_version()); return EXIT_ALL_OK;
        default: fputs(usage_text, stderr); return EXIT_USAGE;
        }
        continue;
    bad_value:
        fprintf(stderr, "whosaid: bad value '%s' for an option\n%s", optarg, usage_text);
        return EXIT_USAGE;
    }

    char rules_buf[PATH_MAX];
    const char *rules_dir = find_rules(r.opt.rules_dir, rules_buf, sizeof(rules_buf));
    int err;
    r.rules = ws_rules_load(rules_dir, r.opt.lang, diag, NULL, &err);
    if (!r.rules) {
        fprintf(stderr, "whosaid: cannot load the '%s' rules from %s: %s\n",
                r.opt.lang, rules_dir, ws_strerror(err));
        return EXIT_RULES;
    }
    r.ex = ws_extractor_new(r.rules, r.opt.extract_flags, &r.opt.limits);
    if (!r.ex) {
        fprintf(stderr, "whosaid: cannot create the extractor\n");
        ws_rules_free(r.rules);
        return EXIT_RULES;
    }
    signal(SIGPIPE, SIG_IGN);
    r.out = stdout;
    if (r.opt.output && !(r.out = fopen(r.opt.output, "wb"))) {
        fprintf(stderr, "whosaid: %s: %s\n", r.opt.output, strerror(errno));
        ws_extractor_free(r.ex);
        ws_rules_free(r.rules);
        return EXIT_IO;
    }
    if (r.opt.format == WS_FORMAT_JSON)
        ws_buffer_append(&r.buf, "[", 1);
    if (optind >= argc)
        read_input(&r, "-");
    for (int i = optind; i < argc; i++)
        read_input(&r, argv[i]);
    if (r.opt.format == WS_FORMAT_JSON)
        ws_buffer_append(&r.buf, r.first ? "]\n" : "\n]\n", r.first ? 2 : 3);
    flush_buffer(&r);
    if (fflush(r.out) != 0 || ferror(r.out)) {
        if (errno != EPIPE) {
            fprintf(stderr, "whosaid: cannot write output: %s\n", strerror(errno));
            r.io_error = 1;
        }
    }
    if (r.out != stdout && fclose(r.out) != 0) {
        fprintf(stderr, "whosaid: %s: %s\n", r.opt.output, strerror(errno));
        r.io_error = 1;
    }
    free(r.buf.data);
    ws_extractor_free(r.ex);
    ws_rules_free(r.rules);
    if (r.io_error)
        return EXIT_IO;
    return r.failed_docs ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}

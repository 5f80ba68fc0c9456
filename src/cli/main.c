/* whosaid: the command-line tool.  Uses only the public header. */
#include "batch.h"
#include "packs.h"
#include "eval.h"
#include "summary.h"
#include "whosaid.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Exit codes (also in --help and the README). */
enum {
    EXIT_ALL_OK = 0,
    EXIT_SOME_FAILED = 1, /* some documents gave error records */
    EXIT_USAGE = 2,
    EXIT_RULES = 3,
    EXIT_IO = 4, /* an input could not be read or the output not written */
};

/* Below this much input, --jit=auto matches with the interpreter: JIT
 * compilation costs about what interpreting that much does (measured
 * break-even: 2.0 MB of PolNeAR's JSONL, 2.2 MB of the synthetic corpus). */
#define SMALL_INPUT_BYTES (2 << 20)

typedef enum { INPUT_AUTO, INPUT_TEXT, INPUT_JSONL } input_mode;
typedef enum { SUMMARY_NONE, SUMMARY_DOC, SUMMARY_ALL } summary_mode;

typedef struct run {
    cli_config config;
    input_mode input;
    summary_mode summary_mode;
    cli_workers *workers;
    /* Two batches: one being read while the workers extract the other. */
    cli_batch batches[2];
    int filling;       /* index of the batch being read */
    bool pending;      /* the other batch is being extracted */
    summary *summary;
    FILE *out;
    ws_buffer buf;
    int first;        /* no record written yet */
    int summary_header;
    int failed_docs;
    int io_error;
} run;

static const char usage_text[] =
    "usage: whosaid [OPTIONS] [FILE...]\n"
    "       whosaid eval GOLD.jsonl [PRED.jsonl] [--errors N] [--json] [OPTIONS]\n"
    "Finds the quotations in news articles and who said them; writes one\n"
    "record a quote.  No FILE, or '-', reads standard input.\n"
    "\n"
    "  -i, --input=auto|text|jsonl  input kind (auto: JSON Lines for .jsonl and\n"
    "                               .ndjson files, else one article a file)\n"
    "  -f, --format=jsonl|json|tsv  output format (default jsonl)\n"
    "  -o, --output=FILE            write to FILE instead of standard output\n"
    "  -l, --lang=auto|LANG         rule pack: auto (default) detects it per document,\n"
    "                               and a JSONL \"lang\" field wins; or en, de, fr, es\n"
    "  -r, --rules=DIR              folder of rule packs (default: next to the\n"
    "                               binary, $WHOSAID_RULES, or the installed ones)\n"
    "      --cache=DIR|off          keep compiled rule patterns in DIR, for a\n"
    "                               faster start (default: $WHOSAID_CACHE, else\n"
    "                               $XDG_CACHE_HOME/whosaid or ~/.cache/whosaid)\n"
    "  -j, --jobs=N                 worker threads (default: the number of cores)\n"
    "      --explain                add cue offsets and how the speaker was resolved\n"
    "      --summary[=doc|all]      print a who-said-what table instead of records\n"
    "                               (per document, or for the whole input)\n"
    "      --strict                 reject documents with invalid UTF-8\n"
    "      --max-document-bytes=N   largest document (default 64 MiB)\n"
    "      --max-paragraph-bytes=N  longest paragraph (default 64 MiB)\n"
    "      --max-nesting=N          deepest quote nesting (default 64); deeper\n"
    "                               marks are read as text\n"
    "      --jit=auto|on|off        JIT-compile the rule patterns (auto: unless\n"
    "                               the input files hold under 2 MB in all)\n"
    "      --profile-rules          print to stderr what each rule pattern cost,\n"
    "                               costliest first (for writers of rules)\n"
    "  -h, --help                   this text\n"
    "  -V, --version                the version\n"
    "\n"
    "Exit status: 0 all documents processed; 1 some documents gave error\n"
    "records; 2 usage error; 3 the rules could not be loaded; 4 an input could\n"
    "not be read or the output could not be written.\n";

static void flush_buffer(run *r)
{
    /* Flushed each time, so a reader down the pipe sees whole records as
     * they are made. */
    if (r->buf.length && !r->io_error &&
        (fwrite(r->buf.data, 1, r->buf.length, r->out) != r->buf.length ||
         fflush(r->out) != 0)) {
        if (errno == EPIPE)
            exit(EXIT_ALL_OK); /* the reader went away: end quietly */
        fprintf(stderr, "whosaid: cannot write output: %s\n", strerror(errno));
        r->io_error = 1;
    }
    r->buf.length = 0;
}

/* Writes the records of an extracted batch, in input order. */
static void write_batch(run *r, cli_batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        cli_doc *d = &b->docs[i];
        if (d->failed) {
            r->failed_docs++;
            if (d->line)
                fprintf(stderr, "whosaid: %s: line %zu: %s\n", d->id, d->line,
                        d->error ? d->error : "failed");
            else
                fprintf(stderr, "whosaid: %s: %s\n", d->id, d->error ? d->error : "failed");
        }
        if (d->warning[0])
            fprintf(stderr, "whosaid: %s: %s\n", d->id, d->warning);
        if (r->summary_mode != SUMMARY_NONE) {
            if (d->result && summary_add(r->summary, d->text, d->result))
                r->failed_docs++;
            if (d->result && r->summary_mode == SUMMARY_DOC)
                summary_write(r->summary, &r->buf, d->id, &r->summary_header);
            continue;
        }
        /* A worker writes each document as if it came first: JSON needs a
         * separator after the first, TSV its header only once. */
        const char *data = d->out.data;
        size_t length = d->out.length;
        if (length && !r->first && r->config.format == WS_FORMAT_JSON)
            ws_buffer_append(&r->buf, ",", 1);
        if (length && !r->first && r->config.format == WS_FORMAT_TSV) {
            const char *nl = memchr(data, '\n', length);
            size_t header = nl ? (size_t)(nl - data) + 1 : 0;
            data += header;
            length -= header;
        }
        if (length) {
            ws_buffer_append(&r->buf, data, length);
            r->first = 0;
        }
        if (r->buf.length >= 1 << 16)
            flush_buffer(r);
    }
    batch_clear(b);
    flush_buffer(r);
}

/* Waits for the batch being extracted, starts extracting the batch just
 * read and writes the first meanwhile; then, with `more`, reads into the
 * first, else waits for the second and writes it too. */
static void drain(run *r, bool more)
{
    cli_batch *other = &r->batches[1 - r->filling];
    cli_batch *full = &r->batches[r->filling];
    bool extracted = r->pending;
    if (r->pending)
        batch_wait(r->workers);
    r->pending = full->count > 0;
    if (r->pending)
        batch_start(r->workers, full);
    /* The workers extract the full batch while the other one is written. */
    if (extracted)
        write_batch(r, other);
    if (r->pending && more) {
        r->filling = 1 - r->filling;
    } else if (r->pending) {
        batch_wait(r->workers);
        write_batch(r, full);
        r->pending = false;
    }
}

/* Checks what adding to the filling batch gave, and starts the batch once
 * it is full. */
static void added(run *r, int err)
{
    if (err) {
        fprintf(stderr, "whosaid: out of memory\n");
        exit(EXIT_IO);
    }
    if (batch_full(&r->batches[r->filling]))
        drain(r, true);
}

static void add_doc(run *r, char *id, char *text, size_t length, char *lang,
                    size_t line, char *error)
{
    added(r, batch_add(&r->batches[r->filling], id, text, length, lang, line, error));
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* Reads one line (its '\n' included) into `line`, keeping at most `keep`
 * bytes of it: a line over the limit is read through, so the rest of the
 * input stays in step, but not held in memory.  Returns false at the end
 * of the input; *too_long says the line was cut. */
typedef struct line_reader {
    int fd;
    run *r;        /* whose batches are written out while the input waits */
    int error;     /* errno of a read error, or 0 */
    char chunk[1 << 16];
    size_t pos, len;
} line_reader;

/* read(2), not fread: a slow pipe (`tail -f feed | whosaid`) gives what
 * it has, and when it has nothing yet, the documents read so far are
 * extracted and written first, so records come out as lines arrive. */
static size_t refill(line_reader *lr)
{
    struct pollfd p = {lr->fd, POLLIN, 0};
    if (poll(&p, 1, 0) == 0 && (lr->r->pending || lr->r->batches[lr->r->filling].count))
        drain(lr->r, false);
    ssize_t n;
    do
        n = read(lr->fd, lr->chunk, sizeof(lr->chunk));
    while (n < 0 && errno == EINTR);
    if (n < 0)
        lr->error = errno;
    return n > 0 ? (size_t)n : 0;
}

static bool read_line(line_reader *lr, ws_buffer *line, size_t keep, bool *too_long)
{
    bool any = false;
    line->length = 0;
    *too_long = false;
    for (;;) {
        if (lr->pos == lr->len) {
            lr->len = refill(lr);
            lr->pos = 0;
            if (lr->len == 0)
                return any;
        }
        any = true;
        const char *start = lr->chunk + lr->pos;
        const char *nl = memchr(start, '\n', lr->len - lr->pos);
        size_t n = nl ? (size_t)(nl - start) + 1 : lr->len - lr->pos;
        size_t room = keep > line->length ? keep - line->length : 0;
        if (n > room)
            *too_long = true;
        if (ws_buffer_append(line, start, n < room ? n : room))
            *too_long = true;
        lr->pos += n;
        if (nl)
            return true;
    }
}

static void read_jsonl(run *r, FILE *in, const char *name)
{
    line_reader *lr = malloc(sizeof(*lr));
    ws_buffer line = {0};
    size_t number = 0;
    bool too_long;
    if (!lr) {
        fprintf(stderr, "whosaid: out of memory\n");
        r->io_error = 1;
        return;
    }
    lr->fd = fileno(in);
    lr->r = r;
    lr->error = 0;
    lr->pos = lr->len = 0;
    size_t keep = r->config.limits.max_document_bytes * 2 + 4096;
    while (read_line(lr, &line, keep, &too_long)) {
        number++;
        size_t len = line.length;
        while (len && (line.data[len - 1] == '\n' || line.data[len - 1] == '\r'))
            len--;
        size_t k = 0;
        while (k < len && (line.data[k] == ' ' || line.data[k] == '\t'))
            k++;
        if (k == len && !too_long)
            continue; /* blank lines are allowed */
        char *raw = malloc(len + 1);
        if (!raw)
            added(r, WS_ERR_NOMEM);
        memcpy(raw, line.data, len);
        raw[len] = '\0';
        added(r, batch_add_line(&r->batches[r->filling], raw, len, number, too_long));
    }
    if (lr->error) {
        fprintf(stderr, "whosaid: %s: read error: %s\n", name, strerror(lr->error));
        r->io_error = 1;
    }
    free(line.data);
    free(lr);
}

static void read_text(run *r, FILE *in, const char *name)
{
    ws_buffer text = {0};
    char chunk[1 << 16];
    size_t n;
    bool too_large = false;
    while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0) {
        if (text.length + n > r->config.limits.max_document_bytes) {
            too_large = true;
            continue; /* drain, so a pipe is not left blocked */
        }
        if (ws_buffer_append(&text, chunk, n)) {
            too_large = true;
            continue;
        }
    }
    if (ferror(in)) {
        fprintf(stderr, "whosaid: %s: read error: %s\n", name, strerror(errno));
        r->io_error = 1;
        free(text.data);
    } else if (too_large) {
        free(text.data);
        add_doc(r, strdup(name), NULL, 0, NULL, 0, strdup(ws_strerror(WS_ERR_TOO_LARGE)));
    } else {
        add_doc(r, strdup(name), text.data ? text.data : calloc(1, 1), text.length,
                NULL, 0, NULL);
    }
}

static void read_input(run *r, const char *path)
{
    bool is_stdin = !strcmp(path, "-");
    FILE *in = is_stdin ? stdin : fopen(path, "rb");
    if (!in) {
        add_doc(r, strdup(path), NULL, 0, NULL, 0, strdup(strerror(errno)));
        return;
    }
    input_mode mode = r->input;
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

/* PCRE2's JIT compiler allocates and frees large scratch blocks for every
 * rule; with glibc's default trim threshold each free hands the memory back
 * to the kernel and the next rule faults it in again, which made start-up
 * three times slower.  Keeping freed memory costs a few MB of RSS. */
static void tune_malloc(void)
{
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
#endif
}

/* Is the input a few articles at most?  Then JIT-compiling the rule
 * patterns would take longer than matching them with the interpreter.
 * A pipe may bring any amount. */
static bool small_input(int count, char **paths)
{
    off_t total = 0;
    for (int i = 0; i < count || (count == 0 && i == 0); i++) {
        struct stat st;
        const char *path = count ? paths[i] : "-";
        int rc = strcmp(path, "-") ? stat(path, &st) : fstat(STDIN_FILENO, &st);
        if (rc || !S_ISREG(st.st_mode))
            return false;
        total += st.st_size;
    }
    return total < SMALL_INPUT_BYTES;
}

int main(int argc, char **argv)
{
    tune_malloc();
    if (argc > 1 && !strcmp(argv[1], "eval"))
        return eval_main(argc - 1, argv + 1);

    enum { OPT_EXPLAIN = 256, OPT_STRICT, OPT_MAX_DOC, OPT_MAX_PARA, OPT_MAX_NEST,
           OPT_SUMMARY, OPT_JIT, OPT_PROFILE_RULES, OPT_CACHE };
    static const struct option longopts[] = {
        {"input", required_argument, NULL, 'i'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"rules", required_argument, NULL, 'r'},
        {"jobs", required_argument, NULL, 'j'},
        {"explain", no_argument, NULL, OPT_EXPLAIN},
        {"summary", optional_argument, NULL, OPT_SUMMARY},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"max-document-bytes", required_argument, NULL, OPT_MAX_DOC},
        {"max-paragraph-bytes", required_argument, NULL, OPT_MAX_PARA},
        {"max-nesting", required_argument, NULL, OPT_MAX_NEST},
        {"jit", required_argument, NULL, OPT_JIT},
        {"profile-rules", no_argument, NULL, OPT_PROFILE_RULES},
        {"cache", required_argument, NULL, OPT_CACHE},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    run r = {0};
    cli_config *c = &r.config;
    const char *lang = "auto", *rules_opt = NULL, *cache_opt = NULL, *output = NULL;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    c->jobs = cores > 0 ? (int)(cores > 64 ? 64 : cores) : 1;
    c->limits.max_document_bytes = WS_MAX_DOCUMENT_BYTES;
    r.first = 1;
    r.summary_header = 1;
    int opt, jit = -1; /* -1: by the size of the input */
    size_t v;
    while ((opt = getopt_long(argc, argv, "i:f:o:l:r:j:hV", longopts, NULL)) != -1) {
        switch (opt) {
        case 'i':
            if (!strcmp(optarg, "auto")) r.input = INPUT_AUTO;
            else if (!strcmp(optarg, "text")) r.input = INPUT_TEXT;
            else if (!strcmp(optarg, "jsonl")) r.input = INPUT_JSONL;
            else goto bad_value;
            break;
        case 'f':
            if (!strcmp(optarg, "jsonl")) c->format = WS_FORMAT_JSONL;
            else if (!strcmp(optarg, "json")) c->format = WS_FORMAT_JSON;
            else if (!strcmp(optarg, "tsv")) c->format = WS_FORMAT_TSV;
            else goto bad_value;
            break;
        case 'o': output = optarg; break;
        case 'l': lang = optarg; break;
        case 'r': rules_opt = optarg; break;
        case OPT_CACHE: cache_opt = optarg; break;
        case 'j':
            if (parse_size(optarg, &v) || v > 64) goto bad_value;
            c->jobs = (int)v;
            break;
        case OPT_EXPLAIN: c->write_flags |= WS_WRITE_EXPLAIN; break;
        case OPT_STRICT: c->extract_flags |= WS_OPT_STRICT_UTF8; break;
        case OPT_SUMMARY:
            if (!optarg || !strcmp(optarg, "doc")) r.summary_mode = SUMMARY_DOC;
            else if (!strcmp(optarg, "all")) r.summary_mode = SUMMARY_ALL;
            else goto bad_value;
            break;
        case OPT_MAX_DOC:
            if (parse_size(optarg, &c->limits.max_document_bytes)) goto bad_value;
            break;
        case OPT_MAX_PARA:
            if (parse_size(optarg, &c->limits.max_paragraph_bytes)) goto bad_value;
            break;
        case OPT_MAX_NEST:
            if (parse_size(optarg, &v) || v > WS_MAX_QUOTE_NESTING) goto bad_value;
            c->limits.max_quote_nesting = (int)v;
            break;
        case OPT_JIT:
            if (!strcmp(optarg, "auto")) jit = -1;
            else if (!strcmp(optarg, "on")) jit = 1;
            else if (!strcmp(optarg, "off")) jit = 0;
            else goto bad_value;
            break;
        case OPT_PROFILE_RULES: c->extract_flags |= WS_OPT_PROFILE_RULES; break;
        case 'h': fputs(usage_text, stdout); return EXIT_ALL_OK;
        case 'V': printf("whosaid %s\n", ws_version()); return EXIT_ALL_OK;
        default: fputs(usage_text, stderr); return EXIT_USAGE;
        }
        continue;
    bad_value:
        fprintf(stderr, "whosaid: bad value '%s' for an option\n%s", optarg, usage_text);
        return EXIT_USAGE;
    }

    if (jit == 0 || (jit < 0 && small_input(argc - optind, argv + optind)))
        c->extract_flags |= WS_OPT_NO_JIT;
    int err = packs_load(c, rules_opt, cache_opt, lang);
    c->keep_results = r.summary_mode != SUMMARY_NONE;
    int status = EXIT_ALL_OK;
    if (err) {
        status = EXIT_RULES;
        goto done;
    }
    r.workers = workers_new(c);
    r.summary = summary_new();
    if (!r.workers || !r.summary) {
        fprintf(stderr, "whosaid: out of memory\n");
        status = EXIT_IO;
        goto done;
    }
    signal(SIGPIPE, SIG_IGN);
    r.out = stdout;
    if (output && !(r.out = fopen(output, "wb"))) {
        fprintf(stderr, "whosaid: %s: %s\n", output, strerror(errno));
        status = EXIT_IO;
        goto done;
    }
    bool json_array = c->format == WS_FORMAT_JSON && r.summary_mode == SUMMARY_NONE;
    if (json_array)
        ws_buffer_append(&r.buf, "[", 1);
    if (optind >= argc)
        read_input(&r, "-");
    for (int i = optind; i < argc; i++)
        read_input(&r, argv[i]);
    drain(&r, false); /* the batch being extracted, then the last one */
    if (r.summary_mode == SUMMARY_ALL)
        summary_write(r.summary, &r.buf, "*", &r.summary_header);
    if (json_array)
        ws_buffer_append(&r.buf, r.first ? "]\n" : "\n]\n", r.first ? 2 : 3);
    flush_buffer(&r);
    if ((fflush(r.out) != 0 || ferror(r.out)) && errno != EPIPE) {
        fprintf(stderr, "whosaid: cannot write output: %s\n", strerror(errno));
        r.io_error = 1;
    }
    if (r.out != stdout && fclose(r.out) != 0) {
        fprintf(stderr, "whosaid: %s: %s\n", output, strerror(errno));
        r.io_error = 1;
    }
    status = r.io_error ? EXIT_IO : r.failed_docs ? EXIT_SOME_FAILED : EXIT_ALL_OK;
    if (c->extract_flags & WS_OPT_PROFILE_RULES)
        workers_print_rule_costs(r.workers, stderr);
done:
    if (r.pending)
        batch_wait(r.workers);
    batch_free(&r.batches[0]);
    batch_free(&r.batches[1]);
    free(r.buf.data);
    summary_free(r.summary);
    workers_free(r.workers);
    packs_free(c);
    return status;
}

/* The worker side of the CLI: each thread has its own extractors (one per
 * rule pack, made when first needed) and takes the next document of the
 * batch from a shared counter; every document writes into its own buffer,
 * so the main thread can print them in input order. */
#include "batch.h"
#include "json_input.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct worker {
    ws_extractor *ex[MAX_PACKS];
} worker;

struct cli_workers {
    const cli_config *config;
    worker *items;
    int count;
    cli_batch *batch;
    size_t next;
    pthread_mutex_t lock;
    pthread_t threads[64];
    void *args[64][2];
    int started;
};

cli_workers *workers_new(const cli_config *config)
{
    cli_workers *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    w->config = config;
    w->count = config->jobs > 0 ? config->jobs : 1;
    w->items = calloc((size_t)w->count, sizeof(worker));
    if (!w->items || pthread_mutex_init(&w->lock, NULL)) {
        free(w->items);
        free(w);
        return NULL;
    }
    return w;
}

void workers_free(cli_workers *w)
{
    if (!w)
        return;
    for (int i = 0; i < w->count; i++)
        for (size_t p = 0; p < MAX_PACKS; p++)
            ws_extractor_free(w->items[i].ex[p]);
    pthread_mutex_destroy(&w->lock);
    free(w->items);
    free(w);
}

static int by_time(const void *a, const void *b)
{
    const ws_rule_cost *x = a, *y = b;
    return (x->nanoseconds < y->nanoseconds) - (x->nanoseconds > y->nanoseconds);
}

void workers_print_rule_costs(const cli_workers *w, FILE *out)
{
    const cli_config *c = w->config;
    for (size_t p = 0; p < c->npacks; p++) {
        size_t n = ws_rules_count(c->packs[p]);
        ws_rule_cost *sum = calloc(n ? n : 1, sizeof(*sum));
        if (!sum)
            return;
        bool used = false;
        unsigned long long total = 0;
        for (int k = 0; k < w->count; k++) {
            const ws_extractor *ex = w->items[k].ex[p];
            ws_rule_cost one;
            for (size_t i = 0; ex && ws_extractor_rule_cost(ex, i, &one); i++) {
                used = true;
                sum[i].rule = one.rule;
                sum[i].tries += one.tries;
                sum[i].matches += one.matches;
                sum[i].nanoseconds += one.nanoseconds;
                total += one.nanoseconds;
            }
        }
        if (used) {
            qsort(sum, n, sizeof(*sum), by_time);
            fprintf(out, "rule costs (%s), costliest first:\n%-40s %10s %10s %10s %9s %6s\n",
                    ws_rules_lang(c->packs[p]), "rule", "tries", "matches", "ms",
                    "us/try", "share");
            for (size_t i = 0; i < n; i++)
                fprintf(out, "%-40s %10llu %10llu %10.1f %9.2f %5.1f%%\n", sum[i].rule,
                        sum[i].tries, sum[i].matches, sum[i].nanoseconds / 1e6,
                        sum[i].tries ? sum[i].nanoseconds / 1e3 / (double)sum[i].tries : 0.0,
                        total ? 100.0 * (double)sum[i].nanoseconds / (double)total : 0.0);
            fprintf(out, "all rules: %.1f ms\n", total / 1e6);
        }
        free(sum);
    }
}

static size_t choose_pack(const cli_config *c, const cli_doc *d)
{
    if (d->lang)
        for (size_t i = 0; i < c->npacks; i++)
            if (!strcmp(ws_rules_lang(c->packs[i]), d->lang))
                return i;
    if (c->auto_lang && c->npacks > 1)
        return ws_detect_language(c->packs, c->npacks, d->text, d->length);
    return 0;
}

/* Fills the document from its JSONL line; a line with no id is named by
 * its number. */
static void parse_line(cli_doc *d)
{
    json_document j;
    const char *err = json_document_parse(d->raw, d->raw_length, &j);
    if (d->too_long) /* keeps the id, if the kept start of the line has one */
        err = "line longer than the document limit";
    free(d->raw);
    d->raw = NULL;
    d->id = j.id;
    if (!d->id && (d->id = malloc(24)))
        snprintf(d->id, 24, "%zu", d->line);
    if (err) {
        free(j.text);
        free(j.lang);
        d->error = strdup(err);
    } else {
        d->text = j.text;
        d->length = j.text_length;
        d->lang = j.lang;
    }
}

static void process(const cli_config *c, worker *wk, cli_doc *d)
{
    if (d->raw)
        parse_line(d);
    const char *id = d->id ? d->id : "";
    int first = 1, err;
    if (d->error || !d->id || !d->text) {
        d->failed = true;
        ws_write_error(&d->out, c->format, id, d->error ? d->error : ws_strerror(WS_ERR_NOMEM),
                       d->line, &first);
        return;
    }
    size_t pack = choose_pack(c, d);
    d->used_lang = ws_rules_lang(c->packs[pack]);
    if (!wk->ex[pack]) {
        wk->ex[pack] = ws_extractor_new(c->packs[pack], c->extract_flags, &c->limits);
        if (!wk->ex[pack]) {
            d->failed = true;
            ws_write_error(&d->out, c->format, id, ws_strerror(WS_ERR_NOMEM), d->line, &first);
            return;
        }
    }
    err = ws_extract(wk->ex[pack], id, d->text, d->length, &d->result);
    if (err) {
        d->failed = true;
        d->error = strdup(ws_strerror(err));
        ws_write_error(&d->out, c->format, id, ws_strerror(err), d->line, &first);
        return;
    }
    size_t bad = ws_result_invalid_utf8_count(d->result);
    if (bad)
        snprintf(d->warning, sizeof(d->warning),
                 "warning: %zu invalid UTF-8 byte%s, the first at byte %zu (read as U+FFFD)",
                 bad, bad == 1 ? "" : "s", ws_result_invalid_utf8_offset(d->result));
    if (!c->keep_results) {
        if (ws_write_records(&d->out, c->format, c->write_flags, id, d->text, d->length,
                             d->result, d->used_lang, &first))
            d->failed = true;
        ws_result_free(d->result);
        d->result = NULL;
    }
}

static void *run_worker(void *arg)
{
    cli_workers *w = ((void **)arg)[0];
    worker *wk = ((void **)arg)[1];
    for (;;) {
        pthread_mutex_lock(&w->lock);
        size_t i = w->next++;
        pthread_mutex_unlock(&w->lock);
        if (i >= w->batch->count)
            return NULL;
        process(w->config, wk, &w->batch->docs[i]);
    }
}

void batch_start(cli_workers *w, cli_batch *b)
{
    w->batch = b;
    w->next = 0;
    w->started = 0;
    int n = w->count < 64 ? w->count : 64;
    for (int i = 0; i < n; i++) {
        w->args[i][0] = w;
        w->args[i][1] = &w->items[i];
        if (pthread_create(&w->threads[i], NULL, run_worker, w->args[i]) != 0)
            break;
        w->started++;
    }
    if (w->started == 0) /* no thread at all: do the work here */
        run_worker(w->args[0]);
}

void batch_wait(cli_workers *w)
{
    for (int i = 0; i < w->started; i++)
        pthread_join(w->threads[i], NULL);
    w->started = 0;
}

int batch_add(cli_batch *b, char *id, char *text, size_t length, char *lang,
              size_t line, char *error)
{
    if (b->count == b->capacity) {
        size_t cap = b->capacity ? b->capacity * 2 : 64;
        cli_doc *docs = realloc(b->docs, cap * sizeof(*docs));
        if (!docs)
            return WS_ERR_NOMEM;
        b->docs = docs;
        b->capacity = cap;
    }
    cli_doc *d = &b->docs[b->count++];
    memset(d, 0, sizeof(*d));
    d->id = id;
    d->text = text;
    d->length = length;
    d->lang = lang;
    d->line = line;
    d->error = error;
    b->bytes += length;
    return WS_OK;
}

int batch_add_line(cli_batch *b, char *raw, size_t length, size_t line, bool too_long)
{
    if (batch_add(b, NULL, NULL, 0, NULL, line, NULL))
        return WS_ERR_NOMEM;
    cli_doc *d = &b->docs[b->count - 1];
    d->raw = raw;
    d->raw_length = length;
    d->too_long = too_long;
    b->bytes += length;
    return WS_OK;
}

bool batch_full(const cli_batch *b)
{
    return b->count >= BATCH_MAX_DOCS || b->bytes >= BATCH_MAX_BYTES;
}

void batch_clear(cli_batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        cli_doc *d = &b->docs[i];
        free(d->raw);
        free(d->id);
        free(d->text);
        free(d->lang);
        free(d->error);
        free(d->out.data);
        ws_result_free(d->result);
    }
    b->count = 0;
    b->bytes = 0;
}

void batch_free(cli_batch *b)
{
    batch_clear(b);
    free(b->docs);
    b->docs = NULL;
    b->capacity = 0;
}

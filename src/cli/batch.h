/* Documents read in batches and extracted by worker threads; the records
 * come out in input order. */
#ifndef WS_CLI_BATCH_H
#define WS_CLI_BATCH_H

#include "whosaid.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Small batches: two are alive at a time (one read while the other is
 * extracted), and every page they touch first costs a page fault; 1 MB
 * batches fault a third as often as 16 MB ones and halve the peak RSS,
 * at no cost in speed. */
#define BATCH_MAX_DOCS 128
#define BATCH_MAX_BYTES ((size_t)1 * 1024 * 1024)
#define MAX_PACKS 16

typedef struct cli_doc {
    /* A JSONL line not parsed yet: the worker parses it, so the reading
     * thread only splits lines. */
    char *raw;
    size_t raw_length;
    bool too_long;     /* the line was cut at the limit: an error record */
    char *id;
    char *text;
    size_t length;
    char *lang;        /* from the input, or NULL */
    size_t line;       /* JSONL line, 0 for a file */
    char *error;       /* a read or parse error: the doc gets an error record */
    /* Filled by a worker. */
    ws_buffer out;
    ws_result *result;
    const char *used_lang;
    char warning[160];
    bool failed;
} cli_doc;

typedef struct cli_config {
    ws_format format;
    int write_flags;
    int extract_flags;
    ws_limits limits;
    int jobs;
    const ws_rules *packs[MAX_PACKS]; /* packs[0] is the default language */
    size_t npacks;
    bool auto_lang;
    bool keep_results; /* for --summary */
} cli_config;

typedef struct cli_batch {
    cli_doc *docs;
    size_t count, capacity, bytes;
} cli_batch;

typedef struct cli_workers cli_workers;

cli_workers *workers_new(const cli_config *config);
void workers_free(cli_workers *w);
/* The cost of each rule of each pack used, summed over the workers,
 * costliest first (under WS_OPT_PROFILE_RULES). */
void workers_print_rule_costs(const cli_workers *w, FILE *out);

/* Adds a document; takes ownership of the strings. */
int batch_add(cli_batch *b, char *id, char *text, size_t length, char *lang,
              size_t line, char *error);
/* Adds a JSONL line (number `line`); takes ownership of `raw`. */
int batch_add_line(cli_batch *b, char *raw, size_t length, size_t line, bool too_long);
bool batch_full(const cli_batch *b);
/* Starts extracting every document of the batch on the worker threads
 * and returns; the caller may fill another batch meanwhile.  batch_wait
 * returns when the batch is done. */
void batch_start(cli_workers *w, cli_batch *b);
void batch_wait(cli_workers *w);
/* Frees the documents (keeps the array for the next batch). */
void batch_clear(cli_batch *b);
void batch_free(cli_batch *b);

#endif

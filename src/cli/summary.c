/* The who-said-what table: speakers counted in a small open-addressing
 * hash table, so a whole archive's speakers stay linear to count. */
#include "summary.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNATTRIBUTED "(no speaker)"

typedef struct entry {
    char *speaker;   /* NULL: empty slot */
    char *first;     /* the first quote of this speaker */
    size_t quotes;
    size_t order;    /* first appearance, to keep ties in reading order */
} entry;

struct summary {
    entry *slots;
    size_t capacity, count;
};

summary *summary_new(void)
{
    return calloc(1, sizeof(summary));
}

static void empty(summary *s)
{
    for (size_t i = 0; i < s->capacity; i++) {
        free(s->slots[i].speaker);
        free(s->slots[i].first);
    }
    free(s->slots);
    s->slots = NULL;
    s->capacity = s->count = 0;
}

void summary_free(summary *s)
{
    if (!s)
        return;
    empty(s);
    free(s);
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static entry *slot(entry *slots, size_t capacity, const char *speaker)
{
    size_t i = hash(speaker) & (capacity - 1);
    while (slots[i].speaker && strcmp(slots[i].speaker, speaker))
        i = (i + 1) & (capacity - 1);
    return &slots[i];
}

static int grow(summary *s)
{
    size_t cap = s->capacity ? s->capacity * 2 : 64;
    entry *slots = calloc(cap, sizeof(entry));
    if (!slots)
        return WS_ERR_NOMEM;
    for (size_t i = 0; i < s->capacity; i++)
        if (s->slots[i].speaker)
            *slot(slots, cap, s->slots[i].speaker) = s->slots[i];
    free(s->slots);
    s->slots = slots;
    s->capacity = cap;
    return WS_OK;
}

int summary_add(summary *s, const char *text, const ws_result *result)
{
    for (size_t i = 0; i < ws_result_count(result); i++) {
        const ws_quote *q = ws_result_quote(result, i);
        const char *speaker = q->speaker ? q->speaker : UNATTRIBUTED;
        if ((s->count + 1) * 2 > s->capacity && grow(s))
            return WS_ERR_NOMEM;
        entry *e = slot(s->slots, s->capacity, speaker);
        if (!e->speaker) {
            e->speaker = strdup(speaker);
            e->first = strndup(text + q->start, q->end - q->start);
            if (!e->speaker || !e->first)
                return WS_ERR_NOMEM;
            e->order = s->count++;
        }
        e->quotes++;
    }
    return WS_OK;
}

static int by_quotes(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->quotes != y->quotes)
        return x->quotes < y->quotes ? 1 : -1;
    return x->order < y->order ? -1 : 1;
}

/* A TSV cell: tabs and line breaks would break the table. */
static int cell(ws_buffer *out, const char *s)
{
    for (; *s; s++) {
        char c = (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s;
        if (ws_buffer_append(out, &c, 1))
            return WS_ERR_NOMEM;
    }
    return ws_buffer_append(out, "\t", 1);
}

int summary_write(summary *s, ws_buffer *out, const char *doc, int *header)
{
    int err = WS_OK;
    if (*header) {
        err = ws_buffer_append(out, "doc\tspeaker\tquotes\tfirst_quote\n", 31);
        *header = 0;
    }
    entry *list = malloc((s->count ? s->count : 1) * sizeof(entry));
    if (!list)
        return WS_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < s->capacity; i++)
        if (s->slots[i].speaker)
            list[n++] = s->slots[i];
    qsort(list, n, sizeof(entry), by_quotes);
    for (size_t i = 0; !err && i < n; i++) {
        char num[32];
        snprintf(num, sizeof(num), "%zu", list[i].quotes);
        err = cell(out, doc);
        err = err ? err : cell(out, list[i].speaker);
        err = err ? err : cell(out, num);
        err = err ? err : cell(out, list[i].first);
        if (!err)
            out->data[out->length - 1] = '\n';
    }
    free(list);
    empty(s);
    return err;
}

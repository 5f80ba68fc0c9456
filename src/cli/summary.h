/* --summary: a who-said-what table, per document or for the whole input. */
#ifndef WS_CLI_SUMMARY_H
#define WS_CLI_SUMMARY_H

#include "whosaid.h"

typedef struct summary summary;

summary *summary_new(void);
void summary_free(summary *s);
/* Counts the quotes of one document; returns WS_OK or WS_ERR_NOMEM. */
int summary_add(summary *s, const char *text, const ws_result *result);
/* Appends the table (TSV: doc, speaker, quotes, first quote; most quoted
 * first) under the label `doc`, then empties the summary. */
int summary_write(summary *s, ws_buffer *out, const char *doc, int *header);

#endif

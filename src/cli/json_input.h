/* Reading one JSON Lines document: {"id": ..., "text": ..., "lang": ...}. */
#ifndef WS_JSON_INPUT_H
#define WS_JSON_INPUT_H

#include <stddef.h>

typedef struct json_document {
    char *id;          /* NULL when absent; numbers keep their literal text */
    char *text;        /* decoded UTF-8; NULL when absent */
    size_t text_length;
    char *lang;        /* NULL when absent */
} json_document;

/* Parses one line.  Returns NULL on success, or a static message saying
 * what is wrong (the fields parsed so far are still set and must be
 * freed).  Fields other than id, text and lang are skipped. */
const char *json_document_parse(const char *line, size_t length, json_document *doc);
void json_document_clear(json_document *doc);

#endif

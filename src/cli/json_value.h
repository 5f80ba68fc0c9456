/* A small JSON reader: a whole line into a tree of values. */
#ifndef WS_JSON_VALUE_H
#define WS_JSON_VALUE_H

#include <stddef.h>

typedef enum { JV_NULL, JV_BOOL, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT } jv_type;

typedef struct jv {
    jv_type type;
    double number;       /* JV_NUMBER, JV_BOOL (0/1) */
    char *string;        /* JV_STRING: decoded UTF-8; JV_NUMBER: its literal */
    size_t length;       /* bytes of `string` */
    struct jv *items;    /* JV_ARRAY, JV_OBJECT: the values */
    char **keys;         /* JV_OBJECT: the keys */
    size_t count;
} jv;

/* Parses one JSON text; NULL with *error set (a static message) when it
 * is not valid JSON.  Free the result with jv_free. */
jv *jv_parse(const char *text, size_t length, const char **error);
/* The same, but of a root object only the keys in `fields` (a NULL-ended
 * list) are kept; the other values are checked and skipped unbuilt. */
jv *jv_parse_fields(const char *text, size_t length, const char *const *fields,
                    const char **error);
void jv_free(jv *value);
/* The value of `key` in an object, or NULL. */
const jv *jv_get(const jv *object, const char *key);
/* Takes a string value's bytes out of the tree (NULL if not a string). */
char *jv_take_string(jv *value, size_t *length);

#endif

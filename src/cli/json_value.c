/* A small JSON reader for the CLI: whole lines of JSON Lines into a tree
 * (gold files for `whosaid eval`, documents for extraction).  Strings are
 * decoded to UTF-8, \u escapes and surrogate pairs included; a lone
 * surrogate becomes U+FFFD. */
#include "json_value.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 256

typedef struct reader {
    const char *s;
    size_t n, i;
    const char *const *fields; /* the root keys to keep, or NULL for all */
} reader;

static void space(reader *r)
{
    while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' ||
                           r->s[r->i] == '\r' || r->s[r->i] == '\n'))
        r->i++;
}

static int hex4(reader *r, uint32_t *v)
{
    if (r->i + 4 > r->n)
        return -1;
    *v = 0;
    for (int k = 0; k < 4; k++) {
        char c = r->s[r->i++];
        *v <<= 4;
        if (c >= '0' && c <= '9')
            *v |= (uint32_t)(c - '0');
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            *v |= (uint32_t)((c | 0x20) - 'a' + 10);
        else
            return -1;
    }
    return 0;
}

static size_t put_utf8(char *o, uint32_t c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Bytes that end a run of plain bytes inside a JSON string: a table
 * lookup is cheaper than three tests a byte. */
#define SPECIAL_4(b) [b] = 1, [b + 1] = 1, [b + 2] = 1, [b + 3] = 1
static const bool special_byte[256] = {
    SPECIAL_4(0x00), SPECIAL_4(0x04), SPECIAL_4(0x08), SPECIAL_4(0x0C),
    SPECIAL_4(0x10), SPECIAL_4(0x14), SPECIAL_4(0x18), SPECIAL_4(0x1C),
    ['"'] = 1, ['\\'] = 1,
};

/* Reads a string at r->i (on the opening quote).  With `out`, stores the
 * decoded bytes (malloc'd, NUL-terminated) there. */
static const char *string(reader *r, char **out, size_t *out_len)
{
    r->i++; /* the opening quote */
    char *o = NULL;
    size_t k = 0;
    if (out) {
        /* Decoding never grows the text. */
        o = malloc(r->n - r->i + 1);
        if (!o)
            return "out of memory";
    }
    while (r->i < r->n) {
        unsigned char c = (unsigned char)r->s[r->i];
        if (c == '"') {
            r->i++;
            if (out) {
                o[k] = '\0';
                *out = o;
                if (out_len)
                    *out_len = k;
            }
            return NULL;
        }
        if (c < 0x20) {
            free(o);
            return "control character inside a JSON string";
        }
        if (c != '\\') {
            /* A run of plain bytes, copied at once. */
            size_t start = r->i, i = r->i;
            const unsigned char *s = (const unsigned char *)r->s;
            while (i < r->n && !special_byte[s[i]])
                i++;
            r->i = i;
            if (o) {
                memcpy(o + k, r->s + start, r->i - start);
                k += r->i - start;
            }
            continue;
        }
        r->i++;
        if (r->i >= r->n)
            break;
        char e = r->s[r->i++];
        char plain = 0;
        switch (e) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': {
            uint32_t cp;
            if (hex4(r, &cp)) {
                free(o);
                return "bad \\u escape in a JSON string";
            }
            if (cp >= 0xD800 && cp <= 0xDBFF && r->i + 6 <= r->n &&
                r->s[r->i] == '\\' && r->s[r->i + 1] == 'u') {
                size_t save = r->i;
                uint32_t lo;
                r->i += 2;
                if (!hex4(r, &lo) && lo >= 0xDC00 && lo <= 0xDFFF)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                else
                    r->i = save;
            }
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 0xFFFD; /* a lone surrogate */
            if (o)
                k += put_utf8(o + k, cp);
            continue;
        }
        default:
            free(o);
            return "bad escape in a JSON string";
        }
        if (o)
            o[k++] = plain;
    }
    free(o);
    return "unterminated JSON string";
}

static const char *value(reader *r, int depth, jv *out);

static const char *push(jv *parent, char *key)
{
    if ((parent->count & (parent->count - 1)) == 0) { /* 0, 1, 2, 4, ... */
        size_t cap = parent->count ? parent->count * 2 : 1;
        jv *items = realloc(parent->items, cap * sizeof(jv));
        if (!items)
            return "out of memory";
        parent->items = items;
        if (parent->type == JV_OBJECT) {
            char **keys = realloc(parent->keys, cap * sizeof(char *));
            if (!keys)
                return "out of memory";
            parent->keys = keys;
        }
    }
    memset(&parent->items[parent->count], 0, sizeof(jv));
    if (parent->type == JV_OBJECT)
        parent->keys[parent->count] = key;
    parent->count++;
    return NULL;
}

static bool wanted(const reader *r, const char *key)
{
    if (!r->fields)
        return true;
    for (const char *const *f = r->fields; *f; f++)
        if (!strcmp(*f, key))
            return true;
    return false;
}

/* With `out` NULL the container is checked but not built. */
static const char *container(reader *r, int depth, char close, jv *out)
{
    if (out)
        out->type = close == '}' ? JV_OBJECT : JV_ARRAY;
    r->i++;
    space(r);
    if (r->i < r->n && r->s[r->i] == close) {
        r->i++;
        return NULL;
    }
    for (;;) {
        space(r);
        char *key = NULL;
        const char *err;
        if (close == '}') {
            if (r->i >= r->n || r->s[r->i] != '"')
                return "expected a key in a JSON object";
            if ((err = string(r, out ? &key : NULL, NULL)))
                return err;
            space(r);
            if (r->i >= r->n || r->s[r->i] != ':') {
                free(key);
                return "expected ':' in a JSON object";
            }
            r->i++;
        }
        jv *item = NULL;
        if (out && (depth > 0 || close != '}' || wanted(r, key))) {
            if ((err = push(out, key))) {
                free(key);
                return err;
            }
            item = &out->items[out->count - 1];
        } else {
            free(key);
        }
        if ((err = value(r, depth + 1, item)))
            return err;
        space(r);
        if (r->i < r->n && r->s[r->i] == ',') {
            r->i++;
            continue;
        }
        if (r->i < r->n && r->s[r->i] == close) {
            r->i++;
            return NULL;
        }
        return "expected ',' or the end of a JSON container";
    }
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool json_number(const char *w, size_t len)
{
    size_t i = 0, d;
    if (i < len && w[i] == '-')
        i++;
    if (i < len && w[i] == '0')
        i++;
    else if (i < len && w[i] >= '1' && w[i] <= '9')
        while (i < len && w[i] >= '0' && w[i] <= '9')
            i++;
    else
        return false;
    if (i < len && w[i] == '.') {
        for (d = ++i; i < len && w[i] >= '0' && w[i] <= '9'; i++)
            ;
        if (i == d)
            return false;
    }
    if (i < len && (w[i] == 'e' || w[i] == 'E')) {
        i++;
        if (i < len && (w[i] == '+' || w[i] == '-'))
            i++;
        for (d = i; i < len && w[i] >= '0' && w[i] <= '9'; i++)
            ;
        if (i == d)
            return false;
    }
    return i == len;
}

static const char *literal(reader *r, jv *out)
{
    jv scratch = {0};
    if (!out)
        out = &scratch;
    size_t start = r->i;
    while (r->i < r->n && strchr("+-.0123456789eEtruefalsn", r->s[r->i]))
        r->i++;
    size_t len = r->i - start;
    const char *w = r->s + start;
    if (len == 4 && !memcmp(w, "true", 4)) {
        out->type = JV_BOOL;
        out->number = 1;
        return NULL;
    }
    if (len == 5 && !memcmp(w, "false", 5)) {
        out->type = JV_BOOL;
        return NULL;
    }
    if (len == 4 && !memcmp(w, "null", 4))
        return NULL;
    if (len == 0)
        return "unexpected character in JSON";
    if (len >= 64)
        return "number too long in JSON";
    if (!json_number(w, len))
        return "bad JSON literal";
    if (out == &scratch)
        return NULL;
    char buf[64];
    memcpy(buf, w, len);
    buf[len] = '\0';
    out->number = strtod(buf, NULL);
    out->type = JV_NUMBER;
    out->string = malloc(len + 1);
    if (!out->string)
        return "out of memory";
    memcpy(out->string, buf, len + 1);
    out->length = len;
    return NULL;
}

static const char *value(reader *r, int depth, jv *out)
{
    if (depth > MAX_DEPTH)
        return "JSON nested too deeply";
    space(r);
    if (r->i >= r->n)
        return "unexpected end of JSON";
    char c = r->s[r->i];
    if (c == '{')
        return container(r, depth, '}', out);
    if (c == '[')
        return container(r, depth, ']', out);
    if (c == '"') {
        if (!out)
            return string(r, NULL, NULL);
        out->type = JV_STRING;
        return string(r, &out->string, &out->length);
    }
    return literal(r, out);
}

static void clear(jv *v)
{
    for (size_t i = 0; i < v->count; i++) {
        clear(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->string);
}

void jv_free(jv *v)
{
    if (!v)
        return;
    clear(v);
    free(v);
}

jv *jv_parse(const char *text, size_t length, const char **error)
{
    return jv_parse_fields(text, length, NULL, error);
}

jv *jv_parse_fields(const char *text, size_t length, const char *const *fields,
                    const char **error)
{
    reader r = {text, length, 0, fields};
    jv *root = calloc(1, sizeof(*root));
    if (!root) {
        *error = "out of memory";
        return NULL;
    }
    *error = value(&r, 0, root);
    if (!*error) {
        space(&r);
        if (r.i != r.n)
            *error = "text after the JSON value";
    }
    if (*error) {
        jv_free(root);
        return NULL;
    }
    return root;
}

const jv *jv_get(const jv *object, const char *key)
{
    if (!object || object->type != JV_OBJECT)
        return NULL;
    for (size_t i = object->count; i-- > 0;) /* the last duplicate wins */
        if (!strcmp(object->keys[i], key))
            return &object->items[i];
    return NULL;
}

char *jv_take_string(jv *v, size_t *length)
{
    if (!v || (v->type != JV_STRING && v->type != JV_NUMBER))
        return NULL;
    char *s = v->string;
    if (length)
        *length = v->length;
    v->string = NULL;
    return s;
}

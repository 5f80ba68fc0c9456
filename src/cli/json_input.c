/* A small JSON reader for the input side: it decodes exactly the fields
 * whosaid uses and validates the rest of the line while skipping it. */
#include "json_input.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 256

typedef struct reader {
    const char *s;
    size_t n, i;
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

/* Reads a string at r->i (on the opening quote).  With `out`, stores the
 * decoded bytes (malloc'd, NUL-terminated) there. */
static const char *string(reader *r, char **out, size_t *out_len)
{
    r->i++; /* the opening quote */
    char *o = NULL;
    size_t k = 0;
    if (out) {
        /* Decoding never grows the text. */
        size_t end = r->i;
        o = malloc(r->n - r->i + 1);
        if (!o)
            return "out of memory";
        (void)end;
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
            if (o)
                o[k++] = (char)c;
            r->i++;
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

static const char *value(reader *r, int depth);

static const char *container(reader *r, int depth, char close)
{
    r->i++;
    space(r);
    if (r->i < r->n && r->s[r->i] == close) {
        r->i++;
        return NULL;
    }
    for (;;) {
        space(r);
        if (close == '}') {
            if (r->i >= r->n || r->s[r->i] != '"')
                return "expected a key in a JSON object";
            const char *err = string(r, NULL, NULL);
            if (err)
                return err;
            space(r);
            if (r->i >= r->n || r->s[r->i] != ':')
                return "expected ':' in a JSON object";
            r->i++;
        }
        const char *err = value(r, depth + 1);
        if (err)
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

static const char *literal(reader *r)
{
    size_t start = r->i;
    while (r->i < r->n && strchr("+-.0123456789eEtruefalsn", r->s[r->i]))
        r->i++;
    size_t len = r->i - start;
    const char *w = r->s + start;
    if ((len == 4 && !memcmp(w, "true", 4)) || (len == 5 && !memcmp(w, "false", 5)) ||
        (len == 4 && !memcmp(w, "null", 4)))
        return NULL;
    if (len == 0)
        return "unexpected character in JSON";
    char *end;
    char buf[64];
    if (len >= sizeof(buf))
        return "number too long in JSON";
    memcpy(buf, w, len);
    buf[len] = '\0';
    strtod(buf, &end);
    return *end ? "bad JSON literal" : NULL;
}

static const char *value(reader *r, int depth)
{
    if (depth > MAX_DEPTH)
        return "JSON nested too deeply";
    space(r);
    if (r->i >= r->n)
        return "unexpected end of JSON";
    char c = r->s[r->i];
    if (c == '{')
        return container(r, depth, '}');
    if (c == '[')
        return container(r, depth, ']');
    if (c == '"')
        return string(r, NULL, NULL);
    return literal(r);
}

static char *dup_range(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

const char *json_document_parse(const char *line, size_t length, json_document *doc)
{
    reader r = {line, length, 0};
    memset(doc, 0, sizeof(*doc));
    space(&r);
    if (r.i >= r.n || r.s[r.i] != '{')
        return "not a JSON object";
    r.i++;
    space(&r);
    if (r.i < r.n && r.s[r.i] == '}') {
        r.i++;
    } else {
        for (;;) {
            space(&r);
            if (r.i >= r.n || r.s[r.i] != '"')
                return "expected a key in a JSON object";
            char *name = NULL;
            const char *err = string(&r, &name, NULL);
            if (err)
                return err;
            space(&r);
            if (r.i >= r.n || r.s[r.i] != ':') {
                free(name);
                return "expected ':' in a JSON object";
            }
            r.i++;
            space(&r);
            char **target = NULL;
            size_t *target_len = NULL;
            if (!strcmp(name, "id"))
                target = &doc->id;
            else if (!strcmp(name, "text"))
                target = &doc->text, target_len = &doc->text_length;
            else if (!strcmp(name, "lang"))
                target = &doc->lang;
            free(name);
            if (target && r.i < r.n && r.s[r.i] == '"') {
                free(*target);
                *target = NULL;
                err = string(&r, target, target_len);
            } else if (target == &doc->id && r.i < r.n && r.s[r.i] != '{' &&
                       r.s[r.i] != '[') {
                size_t start = r.i;
                err = literal(&r);
                if (!err) {
                    free(doc->id);
                    doc->id = dup_range(r.s + start, r.i - start);
                }
            } else {
                if (target == &doc->text)
                    return "\"text\" is not a string";
                err = value(&r, 1);
            }
            if (err)
                return err;
            space(&r);
            if (r.i < r.n && r.s[r.i] == ',') {
                r.i++;
                continue;
            }
            if (r.i < r.n && r.s[r.i] == '}') {
                r.i++;
                break;
            }
            return "expected ',' or '}' in a JSON object";
        }
    }
    space(&r);
    if (r.i != r.n)
        return "text after the JSON object";
    if (!doc->text)
        return "no \"text\" field";
    return NULL;
}

void json_document_clear(json_document *doc)
{
    free(doc->id);
    free(doc->text);
    free(doc->lang);
    memset(doc, 0, sizeof(*doc));
}

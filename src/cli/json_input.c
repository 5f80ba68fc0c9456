/* Reading one JSON Lines document for extraction: its id, text and lang. */
#include "json_input.h"
#include "json_value.h"

#include <stdlib.h>
#include <string.h>

/* The "id" of a line that is not valid JSON, so its error record can
 * still name the document: the first "id": "..." or "id": 123 in it. */
static char *salvage_id(const char *line, size_t length)
{
    for (const char *p = line; (p = memmem(p, length - (size_t)(p - line), "\"id\"", 4));) {
        const char *v = p + 4, *end = line + length;
        while (v < end && (*v == ' ' || *v == '\t'))
            v++;
        if (v < end && *v == ':') {
            v++;
            while (v < end && (*v == ' ' || *v == '\t'))
                v++;
            const char *e = v;
            if (e < end && *e == '"') {
                for (e++; e < end && *e != '"'; e++)
                    if (*e == '\\' && e + 1 < end)
                        e++;
                if (e < end)
                    e++;
            } else {
                while (e < end && ((*e >= '0' && *e <= '9') || *e == '-'))
                    e++;
            }
            const char *err;
            jv *id = e > v ? jv_parse(v, (size_t)(e - v), &err) : NULL;
            char *s = jv_take_string(id, NULL);
            jv_free(id);
            if (s)
                return s;
        }
        p += 4;
    }
    return NULL;
}

const char *json_document_parse(const char *line, size_t length, json_document *doc)
{
    const char *err;
    memset(doc, 0, sizeof(*doc));
    static const char *const fields[] = {"id", "text", "lang", NULL};
    jv *root = jv_parse_fields(line, length, fields, &err);
    if (!root) {
        doc->id = salvage_id(line, length);
        return err;
    }
    if (root->type != JV_OBJECT) {
        jv_free(root);
        return "not a JSON object";
    }
    jv *id = (jv *)jv_get(root, "id");
    jv *text = (jv *)jv_get(root, "text");
    jv *lang = (jv *)jv_get(root, "lang");
    doc->id = jv_take_string(id, NULL);
    if (lang && lang->type == JV_STRING)
        doc->lang = jv_take_string(lang, NULL);
    if (!text)
        err = "no \"text\" field";
    else if (text->type != JV_STRING)
        err = "\"text\" is not a string";
    else
        doc->text = jv_take_string(text, &doc->text_length);
    jv_free(root);
    return err;
}

void json_document_clear(json_document *doc)
{
    free(doc->id);
    free(doc->text);
    free(doc->lang);
    memset(doc, 0, sizeof(*doc));
}

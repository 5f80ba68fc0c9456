/* What the attribution modules share: the state of one document's
 * attribution and the bounds that keep it linear.  Private to
 * attribute.c, resolve.c and layout_speakers.c. */
#ifndef WS_ATTRIBUTION_H
#define WS_ATTRIBUTION_H

#include "internal.h"

/* The most bytes a rule reads after a quote and before it. */
#define AFTER_WINDOW 300
#define BEFORE_WINDOW 600
/* How many paragraphs back a pronoun looks. */
#define PRONOUN_PARAGRAPHS 3
/* How far from a headline its subject is looked for (bytes). */
#define HEADLINE_REACH 16384
/* The longest phrase fronted before a paragraph's subject (bytes). */
#define FRONTED_PHRASE 80
/* Lines looked at for a headline subject in one document, and how far
 * back from a quote its line may start (bytes). */
#define HEADLINE_LOOKUPS 64
#define HEADLINE_LINE 400
/* A record with no speaker is seldom what an annotator wants. */
#define NO_SPEAKER_CONFIDENCE 0.1

typedef struct context {
    ws_extractor *ex;
    const ws_document *doc;
    const ws_quote_list *quotes;
    ws_attribution *out;
    /* Gender learnt for canonical speakers, by speaker_start: an
     * open-addressing table, so a document of many speakers stays linear. */
    struct learnt { size_t start; ws_gender gender; } *genders;
    size_t gender_count, gender_capacity;
    /* Quotes the first pass attributed, in reading order. */
    WS_VEC(size_t) attributed;
    size_t counted_paragraph, counted_quotes; /* paragraph_quotes() cache */
} context;

/* More quotes than this in one paragraph make it a flood (see try_rules). */
#define FLOOD_QUOTES 100

/* How far back a pronoun looks, in attributed quotes and in name runs:
 * bounds that keep a document of 10^5 quotes linear. */
#define PRONOUN_QUOTES 64
#define PRONOUN_RUNS 256

/* The start of the character that holds byte `pos`. */
static inline size_t char_floor(const char *t, size_t pos)
{
    while (pos > 0 && ((unsigned char)t[pos] & 0xC0) == 0x80)
        pos--;
    return pos;
}

/* ---- resolve.c: from a matched mention to the canonical speaker ---- */
/* Index of the first name run that starts at or after `pos`. */
size_t ws_runs_from(const ws_name_list *names, size_t pos);
/* Sets the canonical speaker of the name run [name_start,name_end). */
void ws_canonical_name(context *cx, ws_attribution *a, size_t name_start, size_t name_end);
/* Is name run r, in the sentence from `floor`, an object or a possessor
 * rather than a subject (after a word of objects.txt, or with 's)? */
bool ws_not_a_subject(const ws_document *doc, const ws_rules *rules, size_t floor,
                      const ws_name_run *r);
/* Where the noun phrase that ends at `pos` starts (`pos` itself if it
 * opens one); with `determined`, only a phrase a determiner opens. */
size_t ws_phrase_start(const context *cx, size_t floor, size_t pos, bool determined);
/* Classifies and resolves the mention a rule matched (pronoun, role or
 * name); `floor` is where the rule's text starts. */
void ws_resolve_mention(context *cx, size_t qi, size_t floor, ws_attribution *a);

/* ---- layout_speakers.c: speakers the layout names ---- */
/* Is the paragraph nothing but this quote (and punctuation)? */
bool ws_quote_only(const ws_document *doc, const ws_found_quote *q);
/* A transcript line quoted whole: "PENCE: Well, ..." */
bool ws_transcript_label(const context *cx, const ws_found_quote *q, ws_attribution *a);
/* A quote signed by a name line inside its marks or under it. */
bool ws_signed_quote(context *cx, const ws_found_quote *q, ws_attribution *a);
/* A quote-only paragraph after narration that opens with a named subject. */
bool ws_previous_subject(context *cx, const ws_found_quote *q, ws_attribution *a);
/* The name leading line `line` of the title line or of a subhead, if the
 * text around it names it too. */
bool ws_headline_subject(context *cx, size_t para, size_t line, ws_span *subject);

#endif

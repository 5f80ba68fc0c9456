/* The rule packs of a run: found (--rules, $WHOSAID_RULES, beside the
 * build folder, installed) and loaded, one or all (--lang=auto). */
#ifndef WS_CLI_PACKS_H
#define WS_CLI_PACKS_H

#include "batch.h"

/* Loads `lang`'s pack, or every pack for "auto" (English first), into
 * c->packs, with the compiled patterns cached as --cache says (NULL: the
 * default folder); reports errors on stderr and returns a ws_error. */
int packs_load(cli_config *c, const char *rules_option, const char *cache_option,
               const char *lang);
void packs_free(cli_config *c);

#endif

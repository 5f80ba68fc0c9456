/* The one growth routine behind WS_VEC. */
#include "internal.h"

#include <stdlib.h>

int ws_vec_grow(void **items, size_t *capacity, size_t need, size_t item_size)
{
    if (need <= *capacity)
        return 0;
    size_t cap = *capacity ? *capacity : 8;
    while (cap < need) {
        if (cap > SIZE_MAX / 2 / item_size)
            return WS_ERR_NOMEM;
        cap *= 2;
    }
    void *p = realloc(*items, cap * item_size);
    if (!p)
        return WS_ERR_NOMEM;
    *items = p;
    *capacity = cap;
    return 0;
}

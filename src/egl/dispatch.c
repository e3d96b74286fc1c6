/* SPDX-License-Identifier: MIT */
#include "dispatch.h"

#include <string.h>

#include "debug.h"
#include "display.h"
#include "display_state.h"
#include "entry.h"
#include "image.h"
#include "image_alloc.h"
#include "layer_sync.h"
#include "layer.h"
#include "log.h"

struct wrap_table {
	const struct sb_wrap *wraps;
	const size_t *count;
};

/* Every file that wraps EGL functions adds its table here. */
static const struct wrap_table tables[] = {
	{sb_image_wraps, &sb_image_wrap_count},
	{sb_display_wraps, &sb_display_wrap_count},
	{sb_layer_sync_wraps, &sb_layer_sync_wrap_count},
	{sb_display_state_wraps, &sb_display_state_wrap_count},
	{sb_debug_wraps, &sb_debug_wrap_count},
	{sb_image_alloc_wraps, &sb_image_alloc_wrap_count},
};

#define FOR_EACH_WRAP(w)                                                   \
	for (size_t t_ = 0; t_ < sizeof(tables) / sizeof(tables[0]); t_++) \
		for (const struct sb_wrap *w = tables[t_].wraps;           \
		     w < tables[t_].wraps + *tables[t_].count; w++)

void sb_dispatch_init(void)
{
	FOR_EACH_WRAP(w)
	{
		*w->next = sb_layer_next_proc(w->name);
		sb_log(SB_DEBUG, "%s: %s", w->name,
		       *w->next ? "wrapped" : "absent in next vendor");
	}
}

void *sb_dispatch_get_proc_address(const char *name)
{
	void *own = sb_entry_proc(name);

	if (own)
		return own;
	FOR_EACH_WRAP(w)
	{
		if (strcmp(w->name, name) == 0)
			return *w->next ? w->wrapper : NULL;
	}
	return sb_layer_next_proc(name);
}

void *sb_dispatch_get_dispatch_address(const char *name)
{
	void *stub = sb_entry_stub(name);

	return stub ? stub : sb_layer.next.imports.getDispatchAddress(name);
}

void sb_dispatch_set_index(const char *name, int index)
{
	if (!sb_entry_set_index(name, index))
		sb_layer.next.imports.setDispatchIndex(name, index);
}

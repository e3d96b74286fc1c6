/* SPDX-License-Identifier: MIT */
#include "layer.h"

#include <string.h>

#include "layer_sync.h"
#include "registry.h"
#include "sharedbuf/layer.h"

struct sb_layer sb_layer;

void *sb_layer_next_proc(const char *name)
{
	return sb_layer.next.imports.getProcAddress(name);
}

__attribute__((visibility("default"))) void
sharedbuf_layer_get_stats(struct sharedbuf_layer_stats *out, size_t size)
{
	size_t images, fds;

	sb_registry_counts(&images, &fds);
	struct sharedbuf_layer_stats s = {
		.images_created = atomic_load(&sb_layer.images_created),
		.dmabuf_imports = atomic_load(&sb_layer.dmabuf_imports),
		.images_destroyed = atomic_load(&sb_layer.images_destroyed),
		.images_recorded = images,
		.fds_held = fds,
		.layer_syncs = sb_layer_sync_count(),
		.next_vendor = sb_layer.next.library,
		.next_json = sb_layer.next.json,
		.display_lists_asked =
			atomic_load(&sb_layer.display_lists_asked),
		.sync_server_waits = atomic_load(&sb_layer.sync_server_waits),
	};

	memcpy(out, &s, size < sizeof(s) ? size : sizeof(s));
}

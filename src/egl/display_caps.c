/* SPDX-License-Identifier: MIT */
#include "display_caps.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <EGL/eglext.h>

#include "display_state.h"
#include "layer.h"

struct kept_table {
	struct kept_table *next;
	struct sb_caps_table *table;
};

/* Guards each slot's kept list and generation, and publishing; never held
 * across a driver call or by a lookup of a filled display. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static struct sb_caps_table *_Atomic unknown_table;

/* The answer when nothing is known (see display_caps.h); NULL when out of
 * memory, which the lookups take alike. */
static const struct sb_caps_table *unknown(void)
{
	struct sb_caps_table *t = atomic_load(&unknown_table), *none = NULL;

	if (t)
		return t;
	t = sb_caps_table_new(0, NULL, 0, NULL);
	if (t && !atomic_compare_exchange_strong(&unknown_table, &none, t)) {
		free(t);
		t = none;
	}
	return t;
}

__attribute__((destructor)) static void free_unknown(void)
{
	free(atomic_exchange(&unknown_table, NULL));
}

/* What the driver lists for @dpy, asked now; NULL when it does not answer
 * (not initialised) or out of memory. */
static struct sb_caps_table *ask(EGLDisplay dpy)
{
	PFNEGLQUERYSTRINGPROC qs =
		(PFNEGLQUERYSTRINGPROC)sb_layer_next_proc("eglQueryString");
	PFNEGLQUERYDMABUFFORMATSEXTPROC qf =
		(PFNEGLQUERYDMABUFFORMATSEXTPROC)sb_layer_next_proc(
			"eglQueryDmaBufFormatsEXT");
	PFNEGLQUERYDMABUFMODIFIERSEXTPROC qm =
		(PFNEGLQUERYDMABUFMODIFIERSEXTPROC)sb_layer_next_proc(
			"eglQueryDmaBufModifiersEXT");
	const char *ext = qs ? qs(dpy, EGL_EXTENSIONS) : NULL;
	struct sb_caps_mod_list *lists = NULL;
	struct sb_caps_table *t = NULL;
	EGLint n = 0, *formats = NULL;
	bool listed;

	if (!ext)
		return NULL;
	atomic_fetch_add(&sb_layer.display_lists_asked, 1);
	/* Without the query the driver's own check is all there is. */
	listed = qf && qf(dpy, 0, NULL, &n) && n >= 0;
	if (listed && n > 0) {
		formats = calloc((size_t)n, sizeof(*formats));
		lists = calloc((size_t)n, sizeof(*lists));
		if (!formats || !lists || !qf(dpy, n, formats, &n))
			goto out;
	}
	for (EGLint i = 0; listed && i < n; i++) {
		struct sb_caps_mod_list *l = &lists[i];
		EGLint m = 0;
		EGLuint64KHR *mods;
		EGLBoolean *ext_only;
		bool *external;

		l->num_mods = -1;
		if (!qm || !qm(dpy, formats[i], 0, NULL, NULL, &m) || m < 0)
			continue;
		if (m == 0) {
			l->num_mods = 0;
			continue;
		}
		mods = calloc((size_t)m, sizeof(*mods));
		ext_only = calloc((size_t)m, sizeof(*ext_only));
		external = calloc((size_t)m, sizeof(*external));
		l->mods = mods;
		l->external = external;
		if (!mods || !ext_only || !external) {
			free(ext_only);
			goto out;
		}
		if (qm(dpy, formats[i], m, mods, ext_only, &m)) {
			for (EGLint j = 0; j < m; j++)
				external[j] = ext_only[j];
			l->num_mods = m;
		}
		free(ext_only);
	}
	/* an empty list (not NULL): no format passes */
	t = sb_caps_table_new(sb_caps_flags_from_string(ext),
			      !listed	? NULL
			      : formats ? (const uint32_t *)formats
					: &(const uint32_t){0},
			      (size_t)n, lists);
out:
	for (EGLint i = 0; lists && i < n; i++) {
		free((void *)lists[i].mods);
		free((void *)lists[i].external);
	}
	free(lists);
	free(formats);
	return t;
}

/* @t, or an equal table @s kept before (then @t is freed); kept until
 * unload. With the lock. */
static struct sb_caps_table *keep_locked(struct sb_display_caps_slot *s,
					 struct sb_caps_table *t)
{
	struct kept_table *k;

	for (k = s->kept; k; k = k->next) {
		if (sb_caps_table_equal(k->table, t)) {
			free(t);
			return k->table;
		}
	}
	k = malloc(sizeof(*k));
	if (!k)
		return NULL;
	k->table = t;
	k->next = s->kept;
	s->kept = k;
	return t;
}

/* What @dpy lists: the published table of its slot @s, or one asked for
 * now. */
static const struct sb_caps_table *caps_of(EGLDisplay dpy,
					   struct sb_display_caps_slot *s)
{
	struct sb_caps_table *t, *asked;
	unsigned generation;

	t = s ? atomic_load_explicit(&s->live, memory_order_acquire) : NULL;
	if (t)
		return t;
	if (!s || !sb_display_state_initialised(dpy))
		return unknown();
	pthread_mutex_lock(&lock);
	generation = s->generation;
	pthread_mutex_unlock(&lock);

	asked = ask(dpy); /* no lock: the driver may take its own */
	if (!asked)
		return unknown();
	pthread_mutex_lock(&lock);
	t = atomic_load(&s->live);
	if (!t) {
		t = keep_locked(s, asked);
		/* terminated while asking: answer, but publish nothing */
		if (t && s->generation == generation)
			atomic_store_explicit(&s->live, t,
					      memory_order_release);
	} else {
		free(asked);
	}
	pthread_mutex_unlock(&lock);
	if (!t) {
		free(asked);
		return unknown();
	}
	return t;
}

static const struct sb_caps_table *caps(EGLDisplay dpy)
{
	return caps_of(dpy, sb_display_state_caps(dpy));
}

const struct sb_caps_table *sb_display_caps_get(EGLDisplay dpy)
{
	return caps(dpy);
}

const struct sb_caps_table *
sb_display_caps_of(EGLDisplay dpy, struct sb_display_caps_slot *slot)
{
	return caps_of(dpy, slot);
}

bool sb_display_caps_has_format(EGLDisplay dpy, uint32_t fourcc)
{
	const struct sb_caps_table *t = caps(dpy);

	return !t || sb_caps_table_has_format(t, fourcc);
}

bool sb_display_caps_has_modifier(EGLDisplay dpy, uint32_t fourcc,
				  uint64_t modifier, bool *external_only)
{
	const struct sb_caps_table *t = caps(dpy);

	return t &&
	       sb_caps_table_has_modifier(t, fourcc, modifier, external_only);
}

bool sb_display_caps_only_linear(EGLDisplay dpy, uint32_t fourcc)
{
	const struct sb_caps_table *t = caps(dpy);

	return t && sb_caps_table_only_linear(t, fourcc);
}

unsigned sb_display_caps_flags(EGLDisplay dpy)
{
	const struct sb_caps_table *t = caps(dpy);

	return t ? sb_caps_table_flags(t) : 0;
}

int sb_display_caps_reexport(struct sb_display_caps_slot *s, uint32_t fourcc,
			     unsigned *generation)
{
	unsigned i;

	for (i = 0; i < SB_CAPS_REEXPORT_SLOTS; i++) {
		uint64_t v = atomic_load_explicit(&s->reexport[i],
						  memory_order_relaxed);

		if (v == 0)
			break;
		if (v >> 1 == fourcc)
			return (int)(v & 1);
	}
	/* full: no verdict could be kept, so none is asked for (a probe,
	 * a driver export, on every import of the fourcc) */
	if (i == SB_CAPS_REEXPORT_SLOTS)
		return 0;
	pthread_mutex_lock(&lock);
	*generation = s->generation;
	pthread_mutex_unlock(&lock);
	return -1;
}

void sb_display_caps_set_reexport(struct sb_display_caps_slot *s,
				  uint32_t fourcc, bool gives_back,
				  unsigned generation)
{
	uint64_t v = (uint64_t)fourcc << 1 | gives_back;

	pthread_mutex_lock(&lock);
	for (unsigned i = 0;
	     s->generation == generation && i < SB_CAPS_REEXPORT_SLOTS; i++) {
		uint64_t old = atomic_load(&s->reexport[i]);

		if (old >> 1 == fourcc)
			break; /* another thread probed it */
		if (old == 0) {
			atomic_store(&s->reexport[i], v);
			break;
		}
	}
	pthread_mutex_unlock(&lock);
}

void sb_display_caps_reexport_failed(struct sb_display_caps_slot *s,
				     uint32_t fourcc)
{
	pthread_mutex_lock(&lock);
	for (unsigned i = 0; i < SB_CAPS_REEXPORT_SLOTS; i++) {
		if (atomic_load(&s->reexport[i]) >> 1 == fourcc) {
			atomic_store(&s->reexport[i], (uint64_t)fourcc << 1);
			break;
		}
	}
	pthread_mutex_unlock(&lock);
}

void sb_display_caps_drop(struct sb_display_caps_slot *s)
{
	pthread_mutex_lock(&lock);
	s->generation++;
	atomic_store(&s->live, NULL);
	for (unsigned i = 0; i < SB_CAPS_REEXPORT_SLOTS; i++)
		atomic_store(&s->reexport[i], 0);
	pthread_mutex_unlock(&lock);
}

void sb_display_caps_finish(struct sb_display_caps_slot *s)
{
	struct kept_table *k = s->kept;

	atomic_store(&s->live, NULL);
	s->kept = NULL;
	while (k) {
		struct kept_table *next = k->next;

		free(k->table);
		free(k);
		k = next;
	}
}

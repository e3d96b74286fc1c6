/* SPDX-License-Identifier: MIT */
/*
 * cpu-capi: "Thread-safe." Threads lock the two planes of one NV12 image
 * (one dma-buf, one mapping) over and over without waiting: a plane is
 * never held by two at once, every lock either succeeds or says LOCKED,
 * and each holder's increment of the plane's first byte survives.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdatomic.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "capi.h"

#define THREADS_PER_PLANE 2
#define ROUNDS		  5000

struct plane_race {
	struct sharedbuf_cpu_image *img;
	unsigned plane;
	atomic_int holders;  /* threads inside the lock now */
	atomic_int overlaps; /* times a second one got in */
	atomic_int wrong;    /* results other than OK or LOCKED */
	atomic_int held;     /* successful locks */
	atomic_int refused;  /* LOCKED: another thread held it */
};

static void *hammer(void *arg)
{
	struct plane_race *race = arg;
	uint8_t *p;

	for (int i = 0; i < ROUNDS; i++) {
		enum sharedbuf_result r = capi_lock(
			race->img, race->plane,
			SHAREDBUF_ACCESS_READ | SHAREDBUF_ACCESS_WRITE, -1, 0,
			(void **)&p);

		if (r == SHAREDBUF_ERR_LOCKED) {
			atomic_fetch_add(&race->refused, 1);
			sched_yield(); /* let the holder on, to race again */
		} else if (r != SHAREDBUF_OK)
			atomic_fetch_add(&race->wrong, 1);
		if (r != SHAREDBUF_OK)
			continue;
		if (atomic_fetch_add(&race->holders, 1) != 0)
			atomic_fetch_add(&race->overlaps, 1);
		p[0]++;	       /* plain: only the holder writes */
		sched_yield(); /* others try while this one holds it */
		atomic_fetch_sub(&race->holders, 1);
		atomic_fetch_add(&race->held, 1);
		if (sharedbuf_cpu_unlock(race->img, race->plane, NULL) !=
		    SHAREDBUF_OK)
			atomic_fetch_add(&race->wrong, 1);
	}
	return NULL;
}

/* The first byte of @plane, read under a lock. */
static int first_byte(struct sharedbuf_cpu_image *img, unsigned plane)
{
	uint8_t *p = NULL;
	int v = -1;

	if (capi_lock(img, plane, SHAREDBUF_ACCESS_READ, -1, 0, (void **)&p) ==
	    SHAREDBUF_OK) {
		v = p[0];
		sharedbuf_cpu_unlock(img, plane, NULL);
	}
	return v;
}

enum piglit_result case_threads(struct capi *t)
{
	struct plane_race race[2] = {{.plane = 0}, {.plane = 1}};
	pthread_t th[2 * THREADS_PER_PLANE];
	struct sharedbuf_image_layout l;
	struct sharedbuf_buffer buf;

	capi_alloc(t, CAPI_W, CAPI_H * 3 / 2, DRM_FORMAT_R8, &buf);
	l = (struct sharedbuf_image_layout){
		.width = CAPI_W,
		.height = CAPI_H,
		.fourcc = DRM_FORMAT_NV12,
		.modifier = DRM_FORMAT_MOD_LINEAR,
		.num_planes = 2,
		.planes = {{buf.fd, 0, buf.pitch},
			   {buf.fd, buf.pitch * CAPI_H, buf.pitch}}};
	race[0].img = race[1].img = capi_create(&l);
	for (int i = 0; i < 2 * THREADS_PER_PLANE; i++)
		pthread_create(&th[i], NULL, hammer, &race[i % 2]);
	for (int i = 0; i < 2 * THREADS_PER_PLANE; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < 2; i++) {
		struct plane_race *r = &race[i];

		printf("      plane %d: %d locks, %d refused as LOCKED\n", i,
		       r->held, r->refused);
		expect(!r->overlaps, "plane %d: held twice at once %d times", i,
		       r->overlaps);
		expect(!r->wrong, "plane %d: %d results neither OK nor LOCKED",
		       i, r->wrong);
		expect(r->held > 0 && first_byte(r->img, i) == r->held % 256,
		       "plane %d: %d locks, first byte %d: writes were lost", i,
		       r->held, first_byte(r->img, i));
	}
	sharedbuf_cpu_image_destroy(race[0].img);
	sharedbuf_buffer_finish(&buf);
	return PIGLIT_PASS;
}

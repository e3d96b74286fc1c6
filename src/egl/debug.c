/* SPDX-License-Identifier: MIT */
#include "debug.h"

#include <pthread.h>
#include <stdio.h>

#include "display_state.h"
#include "layer_sync.h"

#define BIT(type) (1u << ((type)-EGL_DEBUG_MSG_CRITICAL_KHR))
#define DEFAULT_TYPES \
	(BIT(EGL_DEBUG_MSG_CRITICAL_KHR) | BIT(EGL_DEBUG_MSG_ERROR_KHR))

static PFNEGLDEBUGMESSAGECONTROLKHRPROC next_message_control;
static PFNEGLLABELOBJECTKHRPROC next_label_object;

/* The application's callback and the types it enabled, as glvnd keeps
 * them: a NULL callback resets the types to the defaults. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static EGLDEBUGPROCKHR callback;
static unsigned enabled = DEFAULT_TYPES;

/* Every layer call sets the first three: initial-exec TLS, a few words of
 * the static TLS block glibc keeps for dlopen'ed libraries (as Mesa and
 * glvnd use it), not a __tls_get_addr call each time. The note, written
 * only on a failure, stays in dynamic TLS; it belongs to the call whose
 * number it carries, so a call need not clear it. */
#define SB_TLS_IE __attribute__((tls_model("initial-exec")))
static _Thread_local const char *command SB_TLS_IE;
static _Thread_local EGLDisplay object_dpy
	SB_TLS_IE; /* its label: at a report */
static _Thread_local unsigned long call_number SB_TLS_IE;
static _Thread_local unsigned long note_call SB_TLS_IE;
static _Thread_local EGLLabelKHR thread_label;
static _Thread_local char note[160];

void sb_debug_begin(const char *name, EGLDisplay dpy)
{
	command = name;
	object_dpy = dpy;
	call_number++;
}

void sb_debug_note(const char *reason)
{
	snprintf(note, sizeof(note), "%s", reason);
	note_call = call_number;
}

const char *sb_debug_command(void)
{
	return command;
}

void sb_debug_report(EGLint error, const char *message)
{
	EGLint type = error == EGL_BAD_ALLOC ? EGL_DEBUG_MSG_CRITICAL_KHR
					     : EGL_DEBUG_MSG_ERROR_KHR;
	EGLDEBUGPROCKHR cb;
	char full[256];

	pthread_mutex_lock(&lock);
	cb = enabled & BIT(type) ? callback : NULL;
	pthread_mutex_unlock(&lock);
	if (note_call == call_number && note[0]) {
		snprintf(full, sizeof(full), "%s: %s", message, note);
		message = full;
		note[0] = '\0';
	}
	if (cb)
		cb((EGLenum)error, command, type, thread_label,
		   object_dpy != EGL_NO_DISPLAY
			   ? sb_display_state_label(object_dpy)
			   : NULL,
		   message);
}

/* glvnd has checked @attribs; the next vendor checks them again and its
 * verdict stands. */
static EGLint EGLAPIENTRY message_control(EGLDEBUGPROCKHR cb,
					  const EGLAttrib *attribs)
{
	EGLint r = next_message_control(cb, attribs);
	unsigned types;

	if (r != EGL_SUCCESS)
		return r;
	pthread_mutex_lock(&lock);
	types = enabled;
	for (; attribs && attribs[0] != EGL_NONE; attribs += 2) {
		if (attribs[0] < EGL_DEBUG_MSG_CRITICAL_KHR ||
		    attribs[0] > EGL_DEBUG_MSG_INFO_KHR)
			continue;
		if (attribs[1])
			types |= BIT(attribs[0]);
		else
			types &= ~BIT(attribs[0]);
	}
	callback = cb;
	enabled = cb ? types : DEFAULT_TYPES;
	pthread_mutex_unlock(&lock);
	return r;
}

static EGLint EGLAPIENTRY label_object(EGLDisplay dpy, EGLenum type,
				       EGLObjectKHR object, EGLLabelKHR label)
{
	EGLint r;

	/* The driver never made a layer sync: it would refuse the handle.
	 * The layer keeps no labels of its syncs (its reports carry the
	 * display's), so accepting is all there is to do. */
	if (type == EGL_OBJECT_SYNC_KHR && sb_layer_sync_maybe(object) &&
	    sb_layer_sync_is_ours(dpy, object))
		return EGL_SUCCESS;
	r = next_label_object(dpy, type, object, label);
	if (r != EGL_SUCCESS)
		return r;
	if (type == EGL_OBJECT_THREAD_KHR)
		thread_label = label;
	else if (type == EGL_OBJECT_DISPLAY_KHR)
		sb_display_state_set_label(dpy, label);
	return r;
}

const struct sb_wrap sb_debug_wraps[] = {
	SB_WRAP("eglDebugMessageControlKHR", message_control,
		next_message_control),
	SB_WRAP("eglLabelObjectKHR", label_object, next_label_object),
};
const size_t sb_debug_wrap_count =
	sizeof(sb_debug_wraps) / sizeof(sb_debug_wraps[0]);

void sb_debug_fork_prepare(void)
{
	pthread_mutex_lock(&lock);
}

void sb_debug_fork_done(void)
{
	pthread_mutex_unlock(&lock);
}

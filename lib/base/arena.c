/* arena.c — region allocator (see arena.h). */
#include "wvlv/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

typedef struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
} arena_block;

typedef struct arena_cleanup {
	struct arena_cleanup *next;
	void (*fn)(void *);
	void *ptr;
} arena_cleanup;

struct wvlv_arena {
	arena_block *blocks;
	arena_cleanup *cleanups;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (!p) {
		fputs("wvlv: out of memory\n", stderr);
		abort();
	}
	return p;
}

wvlv_arena *wvlv_arena_create(void)
{
	wvlv_arena *a = xmalloc(sizeof(*a));
	a->blocks = NULL;
	a->cleanups = NULL;
	return a;
}

void wvlv_arena_destroy(wvlv_arena *a)
{
	if (!a)
		return;
	for (arena_cleanup *c = a->cleanups; c; c = c->next)
		c->fn(c->ptr);
	/* cleanup records live in the blocks: free blocks last */
	arena_block *b = a->blocks;
	while (b) {
		arena_block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void *wvlv_arena_alloc(wvlv_arena *a, size_t size)
{
	size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (size == 0)
		size = ARENA_ALIGN;
	arena_block *b = a->blocks;
	if (!b || b->size - b->used < size) {
		size_t bsize = size > ARENA_BLOCK ? size : ARENA_BLOCK;
		arena_block *nb = xmalloc(sizeof(*nb) + bsize);
		nb->size = bsize;
		nb->used = 0;
		if (b && size > ARENA_BLOCK) {
			/* a big one-off: keep the current block for small allocations */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->blocks = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
}

char *wvlv_arena_strndup(wvlv_arena *a, const char *s, size_t n)
{
	char *p = wvlv_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *wvlv_arena_strdup(wvlv_arena *a, const char *s)
{
	return s ? wvlv_arena_strndup(a, s, strlen(s)) : NULL;
}

char *wvlv_arena_printf(wvlv_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = wvlv_arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void wvlv_arena_on_destroy(wvlv_arena *a, void (*fn)(void *), void *ptr)
{
	arena_cleanup *c = wvlv_arena_alloc(a, sizeof(*c));
	c->fn = fn;
	c->ptr = ptr;
	c->next = a->cleanups;
	a->cleanups = c;
}

/* png.h — just enough PNG for the browser tests: read a screenshot (8-bit
 * RGB or RGBA, not interlaced: what Chromium writes) into RGB pixels, and
 * write a PNG of one colour (a stand-in map tile).  zlib does the
 * compression; the filters and chunks are here. */
#ifndef WVLV_TEST_PNG_H
#define WVLV_TEST_PNG_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tpng {
	int            width, height;
	unsigned char *rgb;   /* width * height * 3 bytes, row by row (malloc'd) */
} tpng;

/* Decode the file at path into *out; false with a message in why. */
bool tpng_read(const char *path, tpng *out, char *why, size_t why_len);
/* The pixel at (x, y): r, g, b. */
const unsigned char *tpng_at(const tpng *p, int x, int y);
void tpng_free(tpng *p);

/* A w × h PNG of one RGB colour (malloc'd bytes, their count in *len). */
unsigned char *tpng_solid(int w, int h, unsigned char r, unsigned char g, unsigned char b,
			  size_t *len);

#endif

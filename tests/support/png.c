/* png.c — see png.h. */
#include "png.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	unsigned char *b = malloc(cap);
	size_t r;
	while (b && (r = fread(b + len, 1, cap - len, f)) > 0) {
		len += r;
		if (len == cap) {
			unsigned char *nb = realloc(b, cap *= 2);
			if (!nb) {
				free(b);
				b = NULL;
			}
			b = nb;
		}
	}
	fclose(f);
	*n = len;
	return b;
}

static int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Undo the filters of the inflated scanlines raw (bpp bytes per pixel). */
static bool unfilter(unsigned char *raw, int w, int h, int bpp)
{
	size_t stride = (size_t)w * (size_t)bpp;
	for (int y = 0; y < h; y++) {
		unsigned char *line = raw + (size_t)y * (stride + 1), ft = line[0], *cur = line + 1;
		unsigned char *prev = y ? cur - stride - 1 : NULL;
		for (size_t i = 0; i < stride; i++) {
			int a = i >= (size_t)bpp ? cur[i - (size_t)bpp] : 0, b = prev ? prev[i] : 0;
			int c = prev && i >= (size_t)bpp ? prev[i - (size_t)bpp] : 0;
			int add = ft == 0 ? 0 : ft == 1 ? a : ft == 2 ? b : ft == 3 ? (a + b) / 2
							: ft == 4 ? paeth(a, b, c) : -1;
			if (add < 0)
				return false;
			cur[i] = (unsigned char)(cur[i] + add);
		}
	}
	return true;
}

bool tpng_read(const char *path, tpng *out, char *why, size_t why_len)
{
	size_t n = 0;
	unsigned char *f = slurp(path, &n);
	unsigned char *idat = NULL, *raw = NULL;
	size_t idat_len = 0;
	int w = 0, h = 0, depth = 0, ctype = 0, interlace = 0;
	bool ok = false;
	if (!f || n < 8 || memcmp(f, "\x89PNG\r\n\x1a\n", 8)) {
		snprintf(why, why_len, "%s is not a PNG file", path);
		goto done;
	}
	for (size_t at = 8; at + 12 <= n;) {
		uint32_t len = be32(f + at);
		const unsigned char *type = f + at + 4, *data = f + at + 8;
		if (at + 12 + len > n)
			break;
		if (!memcmp(type, "IHDR", 4)) {
			w = (int)be32(data);
			h = (int)be32(data + 4);
			depth = data[8];
			ctype = data[9];
			interlace = data[12];
		} else if (!memcmp(type, "IDAT", 4)) {
			unsigned char *ni = realloc(idat, idat_len + len);
			if (!ni)
				goto done;
			idat = ni;
			memcpy(idat + idat_len, data, len);
			idat_len += len;
		}
		at += 12 + len;
	}
	int bpp = ctype == 2 ? 3 : ctype == 6 ? 4 : 0;
	if (w <= 0 || h <= 0 || depth != 8 || !bpp || interlace) {
		snprintf(why, why_len, "%s: %dx%d depth %d colour type %d interlace %d not read", path,
			 w, h, depth, ctype, interlace);
		goto done;
	}
	uLongf raw_len = (uLongf)h * ((uLongf)w * (uLongf)bpp + 1);
	raw = malloc(raw_len);
	if (!raw || uncompress(raw, &raw_len, idat, idat_len) != Z_OK ||
	    raw_len != (uLongf)h * ((uLongf)w * (uLongf)bpp + 1) || !unfilter(raw, w, h, bpp)) {
		snprintf(why, why_len, "%s: the image data does not inflate or unfilter", path);
		goto done;
	}
	out->width = w;
	out->height = h;
	out->rgb = malloc((size_t)w * (size_t)h * 3);
	for (int y = 0; out->rgb && y < h; y++)
		for (int x = 0; x < w; x++)
			memcpy(out->rgb + ((size_t)y * (size_t)w + (size_t)x) * 3,
			       raw + (size_t)y * ((size_t)w * (size_t)bpp + 1) + 1 + (size_t)x * (size_t)bpp,
			       3);
	ok = out->rgb != NULL;
done:
	free(f);
	free(idat);
	free(raw);
	return ok;
}

const unsigned char *tpng_at(const tpng *p, int x, int y)
{
	static const unsigned char none[3] = { 0, 0, 0 };
	if (x < 0 || y < 0 || x >= p->width || y >= p->height)
		return none;
	return p->rgb + ((size_t)y * (size_t)p->width + (size_t)x) * 3;
}

void tpng_free(tpng *p)
{
	free(p->rgb);
	p->rgb = NULL;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Append a chunk to out at *at. */
static void chunk(unsigned char *out, size_t *at, const char *type, const unsigned char *data,
		  uint32_t len)
{
	put32(out + *at, len);
	memcpy(out + *at + 4, type, 4);
	if (len)
		memcpy(out + *at + 8, data, len);
	uLong crc = crc32(0, out + *at + 4, len + 4);
	put32(out + *at + 8 + len, (uint32_t)crc);
	*at += 12 + len;
}

unsigned char *tpng_solid(int w, int h, unsigned char r, unsigned char g, unsigned char b,
			  size_t *len)
{
	size_t stride = (size_t)w * 3 + 1, raw_len = stride * (size_t)h;
	unsigned char *raw = malloc(raw_len);
	uLongf z_len = compressBound((uLong)raw_len);
	unsigned char *z = malloc(z_len), *out = malloc(z_len + 64);
	if (!raw || !z || !out)
		abort();
	for (int y = 0; y < h; y++) {
		raw[(size_t)y * stride] = 0;
		for (int x = 0; x < w; x++)
			memcpy(raw + (size_t)y * stride + 1 + (size_t)x * 3,
			       (unsigned char[]){ r, g, b }, 3);
	}
	if (compress(z, &z_len, raw, (uLong)raw_len) != Z_OK)
		abort();
	unsigned char ihdr[13] = { 0 };
	put32(ihdr, (uint32_t)w);
	put32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8; /* depth */
	ihdr[9] = 2; /* RGB */
	size_t at = 8;
	memcpy(out, "\x89PNG\r\n\x1a\n", 8);
	chunk(out, &at, "IHDR", ihdr, 13);
	chunk(out, &at, "IDAT", z, (uint32_t)z_len);
	chunk(out, &at, "IEND", NULL, 0);
	free(raw);
	free(z);
	*len = at;
	return out;
}

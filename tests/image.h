/* image.h: the PNG files sgf draws (`sgf view` frames, `sgf plot` charts),
 * read back as pixels for the tests that check what is in them.
 *
 * The files are decoded with SDL2_image's IMG_Load, found with dlopen at
 * the first use, so that these tests link like every other (sgfcore only)
 * and a machine without SDL2_image fails the load with a message instead of
 * the build. Pixels are 0xRRGGBB.
 */
#ifndef SGF_TEST_IMAGE_H
#define SGF_TEST_IMAGE_H

#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parts of SDL_Surface and SDL_PixelFormat read here (SDL2's ABI). */
typedef struct sdl_format {
    uint32_t format;
    void *palette;
    uint8_t bits, bytes;
} sdl_format;
typedef struct sdl_surface {
    uint32_t flags;
    sdl_format *format;
    int w, h, pitch;
    void *pixels;
} sdl_surface;

#define SDL_PIXELFORMAT_ARGB8888_ 0x16362004u

typedef struct sdl_api {
    bool tried, ok;
    sdl_surface *(*load)(const char *);
    sdl_surface *(*convert)(sdl_surface *, uint32_t, uint32_t);
    void (*free_surface)(sdl_surface *);
    const char *(*error)(void);
} sdl_api;

/* SDL2 and SDL2_image, loaded once; NULL when they are missing. */
static inline const sdl_api *sdl_open(void)
{
    static sdl_api sdl;
    if (sdl.tried) return sdl.ok ? &sdl : NULL;
    sdl.tried = true;
    void *img = dlopen("libSDL2_image-2.0.so.0", RTLD_NOW | RTLD_GLOBAL);
    void *core = dlopen("libSDL2-2.0.so.0", RTLD_NOW | RTLD_GLOBAL);
    if (!img || !core) {
        fprintf(stderr, "cannot load SDL2_image: %s\n", dlerror());
        return NULL;
    }
    *(void **)&sdl.load = dlsym(img, "IMG_Load");
    *(void **)&sdl.convert = dlsym(core, "SDL_ConvertSurfaceFormat");
    *(void **)&sdl.free_surface = dlsym(core, "SDL_FreeSurface");
    *(void **)&sdl.error = dlsym(core, "SDL_GetError");
    sdl.ok = sdl.load && sdl.convert && sdl.free_surface && sdl.error;
    return sdl.ok ? &sdl : NULL;
}

/* An image as 0xRRGGBB per pixel, row by row; free px when done. */
typedef struct image {
    int w, h;
    uint32_t *px;
} image;

/* Reads a PNG; false (with a message) when it cannot. */
static inline bool image_load(const char *path, image *out)
{
    memset(out, 0, sizeof *out);
    const sdl_api *sdl = sdl_open();
    if (!sdl) return false;
    sdl_surface *s = sdl->load(path);
    if (!s) {
        fprintf(stderr, "IMG_Load(%s): %s\n", path, sdl->error());
        return false;
    }
    sdl_surface *c = sdl->convert(s, SDL_PIXELFORMAT_ARGB8888_, 0);
    sdl->free_surface(s);
    if (!c) return false;
    out->w = c->w;
    out->h = c->h;
    out->px = malloc(sizeof *out->px * (size_t)c->w * (size_t)c->h);
    for (int y = 0; out->px && y < c->h; y++) {
        const uint32_t *row =
            (const uint32_t *)((const uint8_t *)c->pixels + (size_t)y * (size_t)c->pitch);
        for (int x = 0; x < c->w; x++) out->px[y * c->w + x] = row[x] & 0xffffffu;
    }
    sdl->free_surface(c);
    return out->px != NULL;
}

/* image_load of DIR/NAME. */
static inline bool image_load_in(const char *dir, const char *name, image *out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return image_load(path, out);
}

static inline uint32_t px(const image *im, int x, int y)
{
    return im->px[y * im->w + x];
}

/* Pixels of exactly rgb inside the rectangle [x0, x1) x [y0, y1). */
static inline long count_in(const image *im, uint32_t rgb, int x0, int y0, int x1, int y1)
{
    long n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) n += px(im, x, y) == rgb;
    return n;
}

/* Pixels of exactly rgb in the whole image. */
static inline long count_colour(const image *im, uint32_t rgb)
{
    return count_in(im, rgb, 0, 0, im->w, im->h);
}

/* Distinct colours, counted up to 16384: enough to tell "blank" from "drawn". */
static inline int distinct_colours(const image *im)
{
    enum { SET = 1 << 15 };
    uint32_t *set = calloc(SET, sizeof *set);
    if (!set) return -1;
    int n = 0;
    for (long i = 0; i < (long)im->w * im->h && n < SET / 2; i++) {
        uint32_t key = im->px[i] | 0x1000000u, h = (key * 2654435761u) & (SET - 1);
        while (set[h] && set[h] != key) h = (h + 1) & (SET - 1);
        if (!set[h]) set[h] = key, n++;
    }
    free(set);
    return n;
}

#endif

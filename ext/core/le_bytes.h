/*
** le_bytes.h — little-endian integers and floats in byte arrays, the same on
** every host: the float BLOBs of vector.c and the state BLOBs of state.c.
** memcpy where the host is known to be little-endian (the compiler makes it
** one load), byte by byte elsewhere.
*/
#ifndef CROSSENTROPY_LE_BYTES_H
#define CROSSENTROPY_LE_BYTES_H

#include <stdint.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__==__ORDER_LITTLE_ENDIAN__
# define CE_LITTLE_ENDIAN 1
#endif

static inline uint32_t ce_get_le32(const unsigned char *b){
#ifdef CE_LITTLE_ENDIAN
  uint32_t u;
  memcpy(&u, b, 4);
  return u;
#else
  return (uint32_t)b[0] | (uint32_t)b[1]<<8 | (uint32_t)b[2]<<16
       | (uint32_t)b[3]<<24;
#endif
}

static inline uint64_t ce_get_le64(const unsigned char *b){
#ifdef CE_LITTLE_ENDIAN
  uint64_t u;
  memcpy(&u, b, 8);
  return u;
#else
  return (uint64_t)ce_get_le32(b) | (uint64_t)ce_get_le32(b + 4)<<32;
#endif
}

static inline void ce_put_le32(unsigned char *b, uint32_t u){
  int i;
  for(i=0; i<4; i++) b[i] = (unsigned char)(u>>(8*i));
}

static inline void ce_put_le64(unsigned char *b, uint64_t u){
  int i;
  for(i=0; i<8; i++) b[i] = (unsigned char)(u>>(8*i));
}

static inline float ce_get_le_f32(const unsigned char *b){
  uint32_t u = ce_get_le32(b);
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

static inline double ce_get_le_f64(const unsigned char *b){
  uint64_t u = ce_get_le64(b);
  double d;
  memcpy(&d, &u, sizeof d);
  return d;
}

static inline void ce_put_le_f64(unsigned char *b, double d){
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  ce_put_le64(b, u);
}

#endif /* CROSSENTROPY_LE_BYTES_H */

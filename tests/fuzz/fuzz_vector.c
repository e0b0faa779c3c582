/*
** fuzz_vector.c — libFuzzer harness for the plain-C readers of untrusted
** bytes: the class-vector reader (JSON text, float32/float64 BLOBs,
** vector.h) and the state readers (state.h, eval_state.h). `make fuzz` builds it
** with -fsanitize=fuzzer,address,undefined; the first input byte picks the
** reader, the rest is the value. Besides "no crash, no undefined
** behaviour", it checks what the readers promise:
**   - an element read is finite [V2]; a BLOB's count is its length / size;
**   - a JSON element is the double strtod reads from its text [V6];
**   - ce_vec_skip_units reads past an element only when its value is in
**     [0,1], to where ce_vec_next gets, and fails where it fails; reading
**     past whole runs ends as reading every element ends;
**   - ce_vec_blob_unit_pick agrees with reading element by element;
**   - a state that reads back is written back to the same bytes, and its
**     value and a merge with itself never crash (one mode fixes up the
**     magic, version and checksum so that fuzzed fields reach the checks);
**   - the same for binary_eval's state, whose summary and JSON never crash
**     and never print past their buffer.
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "eval_stats.h"
#include "json_number.h"
#include "state.h"
#include "vector.h"

#define REQUIRE(x) do{ if( !(x) ) __builtin_trap(); }while(0)

/* The element read from the JSON number at p equals strtod's reading of
** the same characters (the "C" locale: the fuzzer never sets another). */
static void same_as_strtod(const unsigned char *p, const unsigned char *end,
                           double x){
  char text[CE_MAX_NUMBER_CHARS + 1];
  size_t n = 0;
  double want;
  while( p + n<end && n<CE_MAX_NUMBER_CHARS && strchr("0123456789+-.eE", p[n]) && p[n] ){
    text[n] = (char)p[n];
    n++;
  }
  text[n] = 0;
  want = strtod(text, 0);
  REQUIRE(memcmp(&want, &x, sizeof x)==0);
}

static void read_vector(ce_vec_kind kind, const uint8_t *data, size_t size){
  ce_vec_reader r, again, skipper;
  ce_vec_status st;
  double x, first = 0.0, picked = -1.0;
  int64_t n = 0, pick;
  int all_in_unit = 1;
  st = ce_vec_open(&r, kind, data, (int64_t)size);
  if( st!=CE_VEC_END ){
    REQUIRE(kind==CE_VEC_JSON ? st==CE_VEC_NOT_ARRAY || st==CE_VEC_NOT_NUMBER
                              : st==CE_VEC_BAD_LENGTH);
    return;
  }
  again = r;
  skipper = r;
  for(;;){
    const unsigned char *start = r.at;   /* an element's text starts here */
    ce_vec_status skipped = ce_vec_skip_units(&skipper, skipper.index + 1);
    if( (st = ce_vec_next(&r, &x))!=CE_VEC_ELEMENT ){
      /* a skip refuses or fails where reading fails, at the same place */
      REQUIRE(skipped==CE_VEC_CONVERT || (skipped==st && skipper.at==r.at
                                          && skipper.index==r.index));
      break;
    }
    REQUIRE(isfinite(x));
    if( skipped==CE_VEC_ELEMENT ){
      /* read past unconverted only when its value is in [0,1], and to the
      ** same place as reading it */
      REQUIRE(x>=0.0 && x<=1.0 && skipper.at==r.at && skipper.index==r.index
              && skipper.closed==r.closed);
    }else{
      REQUIRE(skipped==CE_VEC_CONVERT && skipper.at==start);
      skipper = r;
    }
    if( kind==CE_VEC_JSON ) same_as_strtod(start, r.end, x);
    if( n==0 ) first = x;
    all_in_unit &= x>=0.0 && x<=1.0;
    n++;
    REQUIRE(r.index==n);
  }
  if( kind==CE_VEC_JSON ){
    /* reading past whole runs, converting only what it stops at, ends as
    ** reading every element ends: same status, same place */
    ce_vec_reader whole = again;
    ce_vec_status end_st;
    for(;;){
      end_st = ce_vec_skip_units(&whole, INT64_MAX);
      if( end_st==CE_VEC_CONVERT ) end_st = ce_vec_next(&whole, &x);
      if( end_st!=CE_VEC_ELEMENT ) break;
    }
    REQUIRE(end_st==st && whole.index==r.index && whole.at==r.at);
    return;
  }
  if( st==CE_VEC_NOT_FINITE ) all_in_unit = 0;
  else REQUIRE(st==CE_VEC_END && n==(int64_t)size/ce_vec_element_size(kind));
  pick = ce_vec_blob_unit_pick(&again, 0, &picked);
  REQUIRE(all_in_unit ? pick==n : pick==-1);
  if( all_in_unit && n>0 ) REQUIRE(picked==first);
}

static void read_state(ce_state_kind kind, const uint8_t *data, size_t size){
  ce_state s, merged;
  unsigned char out[CE_STATE_BYTES];
  double value;
  int found = 0;
  if( ce_state_read(data, (int64_t)size, kind, &s, &found)!=CE_STATE_OK ) return;
  REQUIRE(size==CE_STATE_BYTES);
  ce_state_write(&s, kind, out);
  REQUIRE(memcmp(out, data, CE_STATE_BYTES)==0);
  (void)ce_mean_value(&s.mean, s.weighted, &value);
  merged = s;
  if( ce_state_merge(&merged, &s, +1) ){      /* else a count would overflow */
    REQUIRE(ce_state_merge(&merged, &s, -1));
    REQUIRE(merged.mean.n_rows==s.mean.n_rows);
  }else{
    REQUIRE(merged.mean.n_rows==s.mean.n_rows);    /* left unchanged */
  }
}

/* FNV-1a as docs/states.md specifies it, to make fuzzed field values pass
** the checksum and reach the field checks behind it. */
static uint32_t fnv1a(const uint8_t *p, int n){
  uint32_t h = 2166136261u;
  int i;
  for(i=0; i<n; i++){ h ^= p[i]; h *= 16777619u; }
  return h;
}

static void read_rehashed_state(const uint8_t *data, size_t size){
  uint8_t bytes[CE_STATE_BYTES];
  uint32_t h;
  int i;
  if( size<CE_STATE_BYTES - 4 ) return;
  memcpy(bytes, data, CE_STATE_BYTES - 4);
  memcpy(bytes, "CEst", 4);
  bytes[4] = CE_STATE_VERSION;
  h = fnv1a(bytes, CE_STATE_BYTES - 4);
  for(i=0; i<4; i++) bytes[CE_STATE_BYTES - 4 + i] = (uint8_t)(h>>(8*i));
  read_state(bytes[5]==CE_STATE_MEAN_LOGITS ? CE_STATE_MEAN_LOGITS
                                            : CE_STATE_MEAN_CE,
             bytes, CE_STATE_BYTES);
}

static void read_eval_state(const uint8_t *data, size_t size, int rehash){
  static uint8_t bytes[CE_EVAL_STATE_BYTES];
  static ce_eval e, merged;
  unsigned char out[CE_EVAL_STATE_BYTES];
  char json[CE_EVAL_JSON_SIZE];
  ce_eval_summary s;
  uint32_t h;
  int i, found = 0;
  if( rehash ){
    if( size<CE_EVAL_STATE_BYTES - 4 ) return;
    memcpy(bytes, data, CE_EVAL_STATE_BYTES - 4);
    memcpy(bytes, "CEev", 4);
    bytes[4] = CE_EVAL_VERSION;
    h = fnv1a(bytes, CE_EVAL_STATE_BYTES - 4);
    for(i=0; i<4; i++) bytes[CE_EVAL_STATE_BYTES - 4 + i] = (uint8_t)(h>>(8*i));
    data = bytes;
    size = CE_EVAL_STATE_BYTES;
  }
  if( ce_eval_read(data, (int64_t)size, &e, &found)!=CE_STATE_OK ) return;
  ce_eval_write(&e, out);
  REQUIRE(memcmp(out, data, CE_EVAL_STATE_BYTES)==0);
  if( ce_eval_summarize(&e, &s)==CE_VALUE ){
    REQUIRE(ce_eval_json(&e, &s, json, sizeof json)<sizeof json);
  }
  merged = e;
  if( ce_eval_merge(&merged, &e, +1) ){
    REQUIRE(ce_eval_merge(&merged, &e, -1));
  }
  REQUIRE(merged.mean.mean.n_rows==e.mean.mean.n_rows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size){
  if( size<1 ) return 0;
  switch( data[0] % 8 ){
    case 6: read_eval_state(data + 1, size - 1, 0); break;
    case 7: read_eval_state(data + 1, size - 1, 1); break;
    case 5: read_rehashed_state(data + 1, size - 1); break;
    case 0: read_vector(CE_VEC_JSON, data + 1, size - 1); break;
    case 1: read_vector(CE_VEC_F32, data + 1, size - 1); break;
    case 2: read_vector(CE_VEC_F64, data + 1, size - 1); break;
    case 3: read_state(CE_STATE_MEAN_CE, data + 1, size - 1); break;
    default: read_state(CE_STATE_MEAN_LOGITS, data + 1, size - 1); break;
  }
  return 0;
}

/*
** values.c — what crossentropy-report's files share about values: a
** string-keyed hash map (open addressing, FNV-1a), a value as a key that
** keeps its type apart, and a value as a person reads it in a message.
*/
#include <stdlib.h>
#include <string.h>
#include "checks.h"
#include "report.h"

static size_t hash_text(const char *s){
  return ce_fnv1a((const unsigned char*)s, (int)strlen(s));
}

static void map_grow(report_map *m);

void **report_map_slot(report_map *m, const char *key, int insert){
  size_t i;
  if( insert && (m->used+1)*2>m->size ) map_grow(m);
  if( m->size==0 ) return 0;
  for(i = hash_text(key)&(m->size-1); m->keys[i]; i = (i+1)&(m->size-1)){
    if( strcmp(m->keys[i], key)==0 ) return &m->values[i];
  }
  if( !insert ) return 0;
  m->keys[i] = report_strdup(key);
  m->values[i] = 0;
  m->used++;
  return &m->values[i];
}

static void map_grow(report_map *m){
  report_map bigger;
  size_t i;
  bigger.size = m->size ? m->size*2 : 64;
  bigger.used = 0;
  bigger.keys = calloc(bigger.size, sizeof(char*));
  bigger.values = calloc(bigger.size, sizeof(void*));
  if( !bigger.keys || !bigger.values ){
    fprintf(stderr, "crossentropy-report: out of memory\n");
    exit(REPORT_FAILED);
  }
  for(i=0; i<m->size; i++){
    if( m->keys[i] ){
      *report_map_slot(&bigger, m->keys[i], 1) = m->values[i];
      free(m->keys[i]);
    }
  }
  free(m->keys);
  free(m->values);
  *m = bigger;
}

void report_map_free(report_map *m){
  size_t i;
  for(i=0; i<m->size; i++) free(m->keys[i]);
  free(m->keys);
  free(m->values);
  memset(m, 0, sizeof(*m));
}

/* A BLOB as SQL writes one, x'3f00': its first 16 bytes ("..." after) when
** cut is set, else all of them. */
static char *blob_text(sqlite3_value *v, int cut){
  const unsigned char *b = sqlite3_value_blob(v);
  int n = sqlite3_value_bytes(v), i, shown = cut && n>16 ? 16 : n;
  char *out = malloc((size_t)shown*2 + 8);
  if( !out ){
    fprintf(stderr, "crossentropy-report: out of memory\n");
    exit(REPORT_FAILED);
  }
  strcpy(out, "x'");
  for(i=0; i<shown; i++) sprintf(out + 2 + 2*i, "%02x", b[i]);
  strcpy(out + 2 + 2*shown, n>shown ? "'..." : "'");
  return out;
}


/* A value as a hash key that keeps its type apart (5 is not '5'). */
char *report_value_key(sqlite3_value *v){
  switch( sqlite3_value_type(v) ){
    case SQLITE_INTEGER:
      return report_format_text("i%lld", (long long)sqlite3_value_int64(v));
    case SQLITE_FLOAT:
      return report_format_text("f%.17g", sqlite3_value_double(v));
    case SQLITE_NULL:
      return 0;
    case SQLITE_BLOB: {              /* its bytes in hex: no conversion */
      char *text = blob_text(v, 0);
      char *key = report_format_text("b%s", text);
      free(text);
      return key;
    }
    default:
      return report_format_text("t%s", (const char*)sqlite3_value_text(v));
  }
}

/* A value as a person reads it in a message: numbers as Python writes
** them, text quoted and cut at CE_QUOTE_VALUE_BYTES. */
char *report_value_text(sqlite3_value *v, int quote){
  char number[CE_NUMBER_SIZE];
  const unsigned char *t;
  int n, whole;
  switch( sqlite3_value_type(v) ){
    case SQLITE_INTEGER:
      return report_format_text("%lld", (long long)sqlite3_value_int64(v));
    case SQLITE_FLOAT:
      ce_format_double(sqlite3_value_double(v), number, sizeof(number));
      return report_strdup(number);
    case SQLITE_NULL:
      return report_strdup("NULL");
    case SQLITE_BLOB:
      return blob_text(v, 1);
    default:
      t = sqlite3_value_text(v);
      whole = sqlite3_value_bytes(v);
      n = ce_quote_length(t, t+whole, CE_QUOTE_VALUE_BYTES);
      return report_format_text(quote ? "'%.*s%s'" : "%.*s%s", n,
                                (const char*)t, n<whole ? "..." : "");
  }
}

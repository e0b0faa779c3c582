/*
** debug.c — crossentropy_debug(): what a bug report needs to say about the
** build and the host, as one JSON object, e.g.
**   {"version":"0.1.0","sqlite_compiled":"3.40.1","sqlite_running":"3.40.1",
**    "compiler":"gcc 12.2.0","cflags":"-O2","linkage":"loadable",
**    "json_numbers":"exact (Eisel-Lemire), strtod near halfway","byte_order":"little"}
** It describes the process rather than its arguments, so it is registered
** neither deterministic nor innocuous, and SQLITE_DIRECTONLY: a view,
** trigger or CHECK constraint cannot call it (glue.h).
*/
#include "glue.h"
#include "vector.h"
#include "version.h"

/* The Makefile passes the compiler flags; another build may not. */
#ifndef CE_BUILD_FLAGS
# define CE_BUILD_FLAGS "unknown"
#endif

#if defined(__clang__)
# define CE_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
# define CE_COMPILER "gcc " __VERSION__
#elif defined(_MSC_VER)
# define CE_COMPILER "msvc"
#else
# define CE_COMPILER "unknown"
#endif

#ifdef SQLITE_CORE
# define CE_LINKAGE "static (SQLITE_CORE)"
#else
# define CE_LINKAGE "loadable"
#endif

static const char *byte_order(void){
  const unsigned short one = 1;
  return *(const unsigned char*)&one ? "little" : "big";
}

/* Appends "name":"value" to a JSON object, value escaped for JSON. */
static void add_field(sqlite3_str *out, const char *name, const char *value){
  const char *c;
  sqlite3_str_appendf(out, "%s\"%s\":\"", sqlite3_str_length(out)>1 ? "," : "",
                      name);
  for(c=value; *c; c++){
    if( *c=='"' || *c=='\\' ) sqlite3_str_appendf(out, "\\%c", *c);
    else if( (unsigned char)*c<0x20 ) sqlite3_str_appendf(out, "\\u%04x", *c);
    else sqlite3_str_appendchar(out, 1, *c);
  }
  sqlite3_str_appendchar(out, 1, '"');
}

void ce_debug_func(sqlite3_context *ctx, int argc, sqlite3_value **argv){
  sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
  char *json;
  (void)argc; (void)argv;
  sqlite3_str_appendchar(out, 1, '{');
  add_field(out, "version", CROSSENTROPY_VERSION);
  add_field(out, "sqlite_compiled", SQLITE_VERSION);
  add_field(out, "sqlite_running", sqlite3_libversion());
  add_field(out, "compiler", CE_COMPILER);
  add_field(out, "cflags", CE_BUILD_FLAGS);
  add_field(out, "linkage", CE_LINKAGE);
  add_field(out, "json_numbers", ce_vec_number_path());
  add_field(out, "byte_order", byte_order());
  sqlite3_str_appendchar(out, 1, '}');
  if( sqlite3_str_errcode(out)!=SQLITE_OK ){
    sqlite3_free(sqlite3_str_finish(out));
    sqlite3_result_error_nomem(ctx);
    return;
  }
  json = sqlite3_str_finish(out);
  sqlite3_result_text(ctx, json, -1, sqlite3_free);
}

/*
** compiler.h — what the core asks of the compiler beyond C99, with a plain
** fallback: CE_ALWAYS_INLINE, for the per-row and per-element functions
** where a call the compiler chose not to inline costs a measurable share of
** a row (docs/performance.md); CE_PRINTF_LIKE, so that the compiler checks
** a printf-style helper's calls as it checks printf's.
*/
#ifndef CROSSENTROPY_COMPILER_H
#define CROSSENTROPY_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
# define CE_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
# define CE_ALWAYS_INLINE static inline
#endif

#if defined(__GNUC__) || defined(__clang__)
# define CE_PRINTF_LIKE(format_index, first_index) \
    __attribute__((format(printf, format_index, first_index)))
#else
# define CE_PRINTF_LIKE(format_index, first_index)
#endif

#endif /* CROSSENTROPY_COMPILER_H */

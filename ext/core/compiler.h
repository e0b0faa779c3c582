/*
** compiler.h — what the core asks of the compiler beyond C99, with a plain
** fallback: CE_ALWAYS_INLINE, for the per-row and per-element functions
** where a call the compiler chose not to inline costs a measurable share of
** a row (docs/performance.md).
*/
#ifndef CROSSENTROPY_COMPILER_H
#define CROSSENTROPY_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
# define CE_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
# define CE_ALWAYS_INLINE static inline
#endif

#endif /* CROSSENTROPY_COMPILER_H */

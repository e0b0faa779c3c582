/*
** version.h — the one place the extension's version is written.
** Semantic versioning: MAJOR.MINOR.PATCH.
*/
#ifndef CROSSENTROPY_VERSION_H
#define CROSSENTROPY_VERSION_H

#define CROSSENTROPY_VERSION "0.1.0"

#endif

# Two commands on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The CPU build of torch; a looser requirement would pull a multi-GB CUDA build.
TORCH_PIN ?= torch==2.13.0

.PHONY: install translations run test lint bench screenshots clean package package-test

$(STAMP): pyproject.toml Makefile
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(TORCH_PIN)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

# The compiled translations (.qm) are build output, made from the reviewed .ts sources.
QM := $(patsubst %.ts,%.qm,$(wildcard resources/translations/*.ts))

resources/translations/%.qm: resources/translations/%.ts $(STAMP)
	$(PY) scripts/build_translations.py

translations: $(QM)

install: $(STAMP) translations

run: install
	$(PY) -m lmstudio_app

lint: install
	$(PY) -m ruff check lmstudio_app tests bench
	$(VENV)/bin/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: install
	$(PY) bench/run_all.py

screenshots: install
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py --language zh_CN

clean:
	rm -rf $(VENV) build dist *.egg-info

# Installers (packaging/README.md). Not part of `make test`: PyInstaller, the .deb and the
# frozen app's smoke tests take minutes and need apt-get.
PACKAGE_STAMP := $(VENV)/.package-stamp

$(PACKAGE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench,package]'
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	$(PY) scripts/build_translations.py
	$(PY) packaging/make_icons.py build/icons
	nice $(PY) -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/lmstudio-app.spec
	PY=$(PY) nice packaging/linux/build_deb.sh

package-test:
	packaging/linux/package_test.sh

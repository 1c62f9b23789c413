# SPDX-License-Identifier: GPL-3.0-or-later
"""The interface language: our texts (inspector.i18n) and Qt's own, switched together.

Qt's own texts are those of its dialog buttons and context menus, of its file dialog (the one shown
where the platform has no file dialog of its own), of the print dialog, print preview and page setup;
their Vietnamese is ``resources/locale/qt_vi.ts``, compiled to ``qt_vi.qm``. Dates and numbers in
Qt's widgets follow the default locale set here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from inspector import i18n
from inspector.resources import resource_path

TRANSLATOR_NAME = "inspector-qt-translator"


def apply(code: str) -> None:
    """Make ``code`` ("vi" or "en") the language of the app and of Qt's own texts."""
    i18n.set_language(code)
    app = QCoreApplication.instance()
    if app is None:
        return
    for old in app.findChildren(QTranslator, TRANSLATOR_NAME):
        QCoreApplication.removeTranslator(old)
        old.setObjectName("")  # deleteLater is not immediate: keep it from being found again
        old.deleteLater()
    if code == "vi":
        translator = QTranslator(app)
        translator.setObjectName(TRANSLATOR_NAME)
        if translator.load(str(resource_path("locale", "qt_vi.qm"))):
            QCoreApplication.installTranslator(translator)
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))

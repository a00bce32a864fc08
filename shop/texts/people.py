"""Texts of the people pages: the staff list and one person's page (owner), everyone's own
profile (password and API tokens), the reasons a change is refused, and their audit words."""

from __future__ import annotations

RU: dict[str, str] = {
    "staff.users.title": "Сотрудники",
    "staff.users.help": (
        "Кто входит в панель магазина и с какой ролью. Владелец может всё; оператор — чаты и "
        "заказы, без возвратов и настроек; бухгалтер — заказы, возвраты, сверка и настройки "
        "для чтения."
    ),
    "staff.users.name": "Имя",
    "staff.users.role": "Роль",
    "staff.users.state": "Доступ",
    "staff.users.last_sign_in": "Последний вход",
    "staff.users.never": "входов не было",
    "staff.users.empty": "Учётных записей пока нет: добавьте первую ниже.",
    "staff.users.open": "Открыть",
    "staff.users.add": "Добавить сотрудника",
    "staff.users.name_help": (
        "С этим именем сотрудник входит в панель: латинские буквы, цифры, точка, дефис или "
        "подчёркивание, до 40 знаков."
    ),
    "staff.users.role_help": "Что сотруднику можно делать в панели и через API.",
    "staff.users.submit": "Добавить",
    "staff.users.added": "Учётная запись {name} создана.",
    "staff.users.password_once": (
        "Одноразовый пароль — покажем только сейчас, передайте его сотруднику. Сменить его "
        "можно на странице «Мой профиль»."
    ),
    "staff.state.active": "открыт",
    "staff.state.disabled": "закрыт",
    "staff.user.heading": "Сотрудник {name}",
    "staff.user.back": "← Все сотрудники",
    "staff.user.created": "Учётная запись создана",
    "staff.user.role_submit": "Сменить роль",
    "staff.user.role_done": "Роль изменена: {role}.",
    "staff.user.access": "Доступ к панели",
    "staff.user.disable": "Закрыть доступ",
    "staff.user.disable_confirm": (
        "Закрыть доступ сотруднику {name}? Его сеансы завершатся, а API-токены отзовутся "
        "навсегда; доступ можно открыть снова, токены — нет."
    ),
    "staff.user.disable_yes": "Да, закрыть доступ",
    "staff.user.disable_help": (
        "Сотрудник сразу выходит из панели, все его API-токены отзываются. Записи в журнале "
        "остаются."
    ),
    "staff.user.enable": "Открыть доступ",
    "staff.user.enable_help": "Вход по паролю снова заработает; отозванные токены — нет.",
    "staff.user.disabled_done": "Доступ закрыт, сеансы и токены завершены.",
    "staff.user.enabled_done": "Доступ открыт.",
    "staff.user.reset": "Сбросить пароль",
    "staff.user.reset_help": (
        "Будет создан новый одноразовый пароль, все сеансы сотрудника завершатся."
    ),
    "staff.user.reset_done": "Новый одноразовый пароль для {name} — покажем только сейчас:",
    "staff.user.reset_confirm": (
        "Сбросить пароль сотрудника {name}? Старый пароль перестанет подходить, его сеансы "
        "завершатся; новый одноразовый пароль покажем один раз."
    ),
    "staff.user.reset_yes": "Да, сбросить пароль",
    "staff.user.self": "Свою роль и доступ здесь не изменить: это делает другой владелец.",
    "staff.account.title": "Мой профиль",
    "staff.account.password": "Сменить пароль",
    "staff.account.current": "Текущий пароль",
    "staff.account.new": "Новый пароль",
    "staff.account.new_help": "Не короче 12 знаков.",
    "staff.account.repeat": "Новый пароль ещё раз",
    "staff.account.submit": "Сменить пароль",
    "staff.account.changed": "Пароль изменён. Другие ваши сеансы завершены.",
    "staff.account.bootstrap": (
        "Вы вошли по токену администратора (ADMIN_TOKEN): у этого входа нет пароля и своих "
        "API-токенов, сам токен задают в настройках сервера. Заведите себе учётную запись "
        "владельца на странице «Сотрудники»."
    ),
    "staff.tokens.heading": "API-токены",
    "staff.tokens.help": (
        "Токен даёт программе (учёту, 1С, скрипту) доступ к API магазина от имени сотрудника и "
        "с его ролью: заголовок «Authorization: Bearer <токен>». Токен показываем один раз."
    ),
    "staff.tokens.label": "Для чего",
    "staff.tokens.label_help": "Например, «1С» или «выгрузка заказов»; до 60 знаков.",
    "staff.tokens.create": "Создать токен",
    "staff.tokens.created": "Токен «{label}» — скопируйте его сейчас, больше его не покажем:",
    "staff.tokens.revoked_done": "Токен «{label}» отозван.",
    "staff.tokens.empty": "Токенов нет.",
    "staff.tokens.start": "Начало",
    "staff.tokens.made": "Создан",
    "staff.tokens.used": "Использован",
    "staff.tokens.state": "Состояние",
    "staff.tokens.live": "действует",
    "staff.tokens.revoked": "отозван",
    "staff.tokens.revoke": "Отозвать",
    "staff.tokens.revoke_confirm": (
        "Отозвать токен «{label}»? Программы с ним сразу потеряют доступ; вернуть его нельзя."
    ),
    "staff.tokens.revoke_yes": "Да, отозвать",
    "staff.refused.name": (
        "Имя: от 1 до 40 знаков — латинские буквы, цифры, точка, дефис или подчёркивание, "
        "первой — буква или цифра."
    ),
    "staff.refused.name_reserved": "Имя «admin» занято входом по токену администратора.",
    "staff.refused.name_taken": "Это имя уже занято.",
    "staff.refused.password": "Пароль: не короче 12 знаков.",
    "staff.refused.mismatch": "Новые пароли не совпадают.",
    "staff.refused.current": "Текущий пароль неверен.",
    "staff.refused.no_user": "Такого сотрудника нет.",
    "staff.refused.disabled": "Доступ сотрудника закрыт: новый токен не создать.",
    "staff.refused.label": "«Для чего»: от 1 до 60 знаков.",
    "staff.refused.no_token": "Такого токена нет.",
    "staff.refused.role": "Выберите роль из списка.",
    "staff.refused.self": "Свою роль и доступ здесь не изменить.",
    "staff.action.user.enable": "доступ открыт",
    "staff.action.user.role": "смена роли",
    "staff.action.user.password_reset": "пароль сброшен",
    "staff.action.user.password_change": "пароль изменён",
    "staff.action.token.create": "API-токен создан",
    "staff.action.token.revoke": "API-токен отозван",
    "admin.reconcile.download": "Скачать CSV для Excel",
}

EN: dict[str, str] = {
    "staff.users.title": "Staff",
    "staff.users.help": (
        "Who signs in to the shop's console, and with which role. The owner may do anything; "
        "an operator, chats and orders without refunds or settings; an accountant, orders, "
        "refunds, reconciliation and settings to read."
    ),
    "staff.users.name": "Name",
    "staff.users.role": "Role",
    "staff.users.state": "Access",
    "staff.users.last_sign_in": "Last sign-in",
    "staff.users.never": "never signed in",
    "staff.users.empty": "No accounts yet: add the first one below.",
    "staff.users.open": "Open",
    "staff.users.add": "Add a member of staff",
    "staff.users.name_help": (
        "The name they sign in with: Latin letters, digits, dot, hyphen or underscore, up to "
        "40 characters."
    ),
    "staff.users.role_help": "What they may do in the console and through the API.",
    "staff.users.submit": "Add",
    "staff.users.added": "Account {name} created.",
    "staff.users.password_once": (
        "A one-time password, shown only now: hand it over. It can be changed on the "
        "“My profile” page."
    ),
    "staff.state.active": "open",
    "staff.state.disabled": "closed",
    "staff.user.heading": "Staff member {name}",
    "staff.user.back": "← All staff",
    "staff.user.created": "Account created",
    "staff.user.role_submit": "Change role",
    "staff.user.role_done": "Role changed: {role}.",
    "staff.user.access": "Access to the console",
    "staff.user.disable": "Close access",
    "staff.user.disable_confirm": (
        "Close {name}'s access? Their sessions end and their API tokens are revoked for good; "
        "access can be opened again, the tokens cannot."
    ),
    "staff.user.disable_yes": "Yes, close access",
    "staff.user.disable_help": (
        "They are signed out at once and all their API tokens are revoked. The log keeps "
        "their entries."
    ),
    "staff.user.enable": "Open access",
    "staff.user.enable_help": "Signing in with the password works again; revoked tokens do not.",
    "staff.user.disabled_done": "Access closed; sessions and tokens ended.",
    "staff.user.enabled_done": "Access opened.",
    "staff.user.reset": "Reset password",
    "staff.user.reset_help": "A new one-time password is made and all their sessions end.",
    "staff.user.reset_done": "The new one-time password for {name}, shown only now:",
    "staff.user.reset_confirm": (
        "Reset {name}'s password? The old one stops working and their sessions end; the new "
        "one-time password is shown once."
    ),
    "staff.user.reset_yes": "Yes, reset the password",
    "staff.user.self": "Your own role and access are changed by another owner, not here.",
    "staff.account.title": "My profile",
    "staff.account.password": "Change password",
    "staff.account.current": "Current password",
    "staff.account.new": "New password",
    "staff.account.new_help": "At least 12 characters.",
    "staff.account.repeat": "New password again",
    "staff.account.submit": "Change password",
    "staff.account.changed": "Password changed. Your other sessions have ended.",
    "staff.account.bootstrap": (
        "You signed in with the admin token (ADMIN_TOKEN): this sign-in has no password and "
        "no tokens of its own; the token itself is set in the server's settings. Make yourself "
        "an owner's account on the “Staff” page."
    ),
    "staff.tokens.heading": "API tokens",
    "staff.tokens.help": (
        "A token lets a program (accounting, 1C, a script) use the shop's API as this person, "
        "with their role: the header “Authorization: Bearer <token>”. It is shown once."
    ),
    "staff.tokens.label": "What for",
    "staff.tokens.label_help": "For example “1C” or “order export”; up to 60 characters.",
    "staff.tokens.create": "Create token",
    "staff.tokens.created": "Token “{label}”: copy it now, it is not shown again:",
    "staff.tokens.revoked_done": "Token “{label}” revoked.",
    "staff.tokens.empty": "No tokens.",
    "staff.tokens.start": "Starts with",
    "staff.tokens.made": "Created",
    "staff.tokens.used": "Last used",
    "staff.tokens.state": "State",
    "staff.tokens.live": "live",
    "staff.tokens.revoked": "revoked",
    "staff.tokens.revoke": "Revoke",
    "staff.tokens.revoke_confirm": (
        "Revoke the token “{label}”? Programs using it lose access at once; it cannot be undone."
    ),
    "staff.tokens.revoke_yes": "Yes, revoke",
    "staff.refused.name": (
        "Name: 1 to 40 characters, Latin letters, digits, dot, hyphen or underscore, starting "
        "with a letter or digit."
    ),
    "staff.refused.name_reserved": "The name “admin” belongs to the admin token's sign-in.",
    "staff.refused.name_taken": "This name is taken.",
    "staff.refused.password": "Password: at least 12 characters.",
    "staff.refused.mismatch": "The new passwords differ.",
    "staff.refused.current": "The current password is wrong.",
    "staff.refused.no_user": "No such member of staff.",
    "staff.refused.disabled": "Their access is closed: no new token.",
    "staff.refused.label": "“What for”: 1 to 60 characters.",
    "staff.refused.no_token": "No such token.",
    "staff.refused.role": "Choose a role from the list.",
    "staff.refused.self": "Your own role and access cannot be changed here.",
    "staff.action.user.enable": "access opened",
    "staff.action.user.role": "role changed",
    "staff.action.user.password_reset": "password reset",
    "staff.action.user.password_change": "password changed",
    "staff.action.token.create": "API token created",
    "staff.action.token.revoke": "API token revoked",
    "admin.reconcile.download": "Download CSV for Excel",
}

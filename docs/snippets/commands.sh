export WAGTAIL_COC_ENCRYPTION_KEYS="$(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())")"
python manage.py migrate
python manage.py coc_setup
python manage.py check

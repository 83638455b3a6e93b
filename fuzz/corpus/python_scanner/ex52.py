from setuptools import find_packages, setup

setup(
    name="inventory",
    version="0.4.1",
    description="Inventory service: Flask app packaged with a classic setup.py",
    packages=find_packages(exclude=["tests", "tests.*"]),
    include_package_data=True,
    python_requires=">=3.9",
    install_requires=[
        "Flask>=3.0,<4",
        "gunicorn>=22",
    ],
    extras_require={"test": ["pytest"]},
    entry_points={"console_scripts": ["inventory-dev=inventory.wsgi:main"]},
)
